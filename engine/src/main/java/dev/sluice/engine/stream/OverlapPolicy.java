package dev.sluice.engine.stream;

import java.util.Locale;

/**
 * Which bytes a receiving host keeps when a new TCP segment overlaps data it already holds and the
 * bytes differ (target-based reassembly). The IDS must keep what the protected host keeps, or an
 * attacker can show the IDS one payload and the host another.
 *
 * <p>Each overlap is judged between the new segment {@code [ns, ne)} and one segment received earlier
 * {@code [os, oe)} (stream offsets, end exclusive); {@link #newWins} says whether the new bytes replace
 * the old ones in the overlapping part. A byte covered by several earlier segments takes the new data
 * only when the new segment wins against every one of them.
 *
 * <table>
 * <caption>who wins an overlap with different data</caption>
 * <tr><th>policy</th><th>the new segment wins when</th></tr>
 * <tr><td>FIRST, VISTA, BSD_RIGHT</td><td>never: the first data received stays</td></tr>
 * <tr><td>LAST</td><td>always</td></tr>
 * <tr><td>BSD, WINDOWS, WINDOWS2K3, MACOS, HPUX10, IRIX</td><td>it starts before the old segment</td></tr>
 * <tr><td>LINUX</td><td>it starts before the old segment, or at the same place and ends after it</td></tr>
 * <tr><td>OLD_LINUX</td><td>it starts before the old segment, or at the same place and ends no earlier</td></tr>
 * <tr><td>SOLARIS, HPUX11</td><td>it ends after the old segment, or at the same place and starts no later</td></tr>
 * </table>
 *
 * <p>BSD_RIGHT is accepted for configuration compatibility and, like the reference engine, keeps the
 * first data. Inline mode ignores the policy altogether: what was accepted (and possibly already
 * forwarded) first always stays.
 */
public enum OverlapPolicy {
    FIRST("first"),
    LAST("last"),
    LINUX("linux"),
    OLD_LINUX("old-linux"),
    BSD("bsd"),
    BSD_RIGHT("bsd-right"),
    SOLARIS("solaris"),
    HPUX10("hpux10"),
    HPUX11("hpux11"),
    IRIX("irix"),
    MACOS("macos"),
    VISTA("vista"),
    WINDOWS("windows"),
    WINDOWS2K3("windows2k3");

    private final String configName;

    OverlapPolicy(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration ({@code stream.reassembly.policy}), e.g. {@code old-linux}. */
    public String configName() {
        return configName;
    }

    /** True when the policy never lets new data replace old data. */
    boolean keepsFirst() {
        return this == FIRST || this == VISTA || this == BSD_RIGHT;
    }

    /**
     * True when the new segment {@code [ns, ne)} replaces the bytes of the older segment
     * {@code [os, oe)} where the two overlap.
     */
    public boolean newWins(long ns, long ne, long os, long oe) {
        switch (this) {
            case LAST:
                return true;
            case FIRST:
            case VISTA:
            case BSD_RIGHT:
                return false;
            case LINUX:
                return ns < os || (ns == os && ne > oe);
            case OLD_LINUX:
                return ns < os || (ns == os && ne >= oe);
            case SOLARIS:
            case HPUX11:
                return ne > oe || (ne == oe && ns <= os);
            case BSD:
            case WINDOWS:
            case WINDOWS2K3:
            case MACOS:
            case HPUX10:
            case IRIX:
            default:
                return ns < os;
        }
    }

    /**
     * The policy named {@code name}: a {@link #configName()} or the enum constant, case-insensitive,
     * with {@code -} and {@code _} alike; {@code windows2003}/{@code win2k3} and {@code hpux} (11)
     * are accepted too. Throws {@link IllegalArgumentException} with a one-line reason otherwise.
     */
    public static OverlapPolicy parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (OverlapPolicy p : values()) {
            if (p.configName.equals(n) || p.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n)) {
                return p;
            }
        }
        switch (n) {
            case "windows2003":
            case "win2k3":
            case "win-2003":
                return WINDOWS2K3;
            case "hpux":
                return HPUX11;
            case "mac":
            case "osx":
                return MACOS;
            default:
                throw new IllegalArgumentException("unknown overlap policy '" + name + "'");
        }
    }
}
