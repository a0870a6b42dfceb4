package dev.sluice.engine.defrag;

import java.util.Locale;

/**
 * Which copy of overlapping fragment data a host keeps (target-based reassembly; the names and the
 * host mapping are Suricata's and Snort's, after Novak and after Shankar and Paxson's active
 * mapping). The choice is made per pair: the fragment that holds a byte range now ("old") against
 * one that arrives later ("new"), comparing the offsets and ends of the two fragments as they were
 * sent.
 *
 * <pre>
 * policy     new data replaces old data when the new fragment ...       hosts
 * ---------  ---------------------------------------------------------  ------------------------
 * first      never                                                      HP-UX 11, Mac OS
 * last       always                                                     Cisco IOS
 * bsd        starts before the old one (left-most wins; ties: old)      FreeBSD, AIX, IRIX (default)
 * bsd-right  starts at or after the old one (right-most; ties: new)     HP JetDirect
 * linux      starts at or before the old one (left-most; ties: new)     Linux
 * windows    starts before the old one and ends after it                Windows
 * solaris    starts before the old one and ends at or after it          Solaris
 * </pre>
 */
public enum OverlapPolicy {
    FIRST("first"),
    LAST("last"),
    BSD("bsd"),
    BSD_RIGHT("bsd-right"),
    LINUX("linux"),
    WINDOWS("windows"),
    SOLARIS("solaris");

    private final String configName;

    OverlapPolicy(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration ({@code bsd-right}). */
    public String configName() {
        return configName;
    }

    /**
     * True when a fragment covering {@code [newOff, newEnd)} that arrives after the one covering
     * {@code [oldOff, oldEnd)} replaces its data where the two overlap.
     */
    public boolean newWins(int oldOff, int oldEnd, int newOff, int newEnd) {
        switch (this) {
            case FIRST:
                return false;
            case LAST:
                return true;
            case BSD:
                return newOff < oldOff;
            case BSD_RIGHT:
                return newOff >= oldOff;
            case LINUX:
                return newOff <= oldOff;
            case WINDOWS:
                return newOff < oldOff && newEnd > oldEnd;
            case SOLARIS:
                return newOff < oldOff && newEnd >= oldEnd;
            default:
                throw new AssertionError(this);
        }
    }

    /** The policy named {@code name} (case-insensitive, '-' or '_'), or null. */
    public static OverlapPolicy byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (OverlapPolicy p : values()) {
            if (p.configName.equals(n)) {
                return p;
            }
        }
        return null;
    }
}
