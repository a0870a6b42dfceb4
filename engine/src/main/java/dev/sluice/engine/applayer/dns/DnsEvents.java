package dev.sluice.engine.applayer.dns;

/** DNS parser events, as bits of {@code AppTx.events} / {@code AppParser.events()}. */
public final class DnsEvents {
    /** A section ended early, a count does not fit the message, or a TCP length is too short. */
    public static final int MALFORMED_DATA = 1;
    /** A compression pointer that does not point strictly before the name part it ends (a loop). */
    public static final int INFINITE_LOOP = 1 << 1;
    /** A name longer than {@link DnsNames#MAX_NAME} bytes (kept truncated). */
    public static final int NAME_TOO_LONG = 1 << 2;
    /** The reserved Z bit of the header is set. */
    public static final int Z_FLAG_SET = 1 << 3;
    /** More records than {@link DnsTx#MAX_RECORDS}: the rest were not parsed. */
    public static final int TOO_MANY_RECORDS = 1 << 4;
    /** A name ran past the message end or used a reserved label type. */
    public static final int BAD_NAME = 1 << 5;
    /** TCP data was lost: the parser skipped to a later message or stopped. */
    public static final int GAP = 1 << 6;

    private DnsEvents() {
    }
}
