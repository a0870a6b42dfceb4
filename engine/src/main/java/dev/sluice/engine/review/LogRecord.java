package dev.sluice.engine.review;

/**
 * One alert or drop record read back from fast.log or eve.json.
 *
 * @param file     the file it came from, as given on the command line
 * @param line     1-based line number in that file
 * @param micros   record time, microseconds since the epoch (UTC)
 * @param type     eve.json's event type; every fast.log line is an alert
 * @param blocked  the packet was stopped: eve {@code alert.action} "blocked" or a drop record,
 *                 fast.log {@code [Drop]}
 * @param dropRule a drop (or reject) rule's record: eve drop records and blocked alerts, fast.log
 *                 {@code [Drop]} and {@code [wDrop]}
 * @param sid      signature id, 0 when no rule caused the record (an eve drop record of a flow drop)
 * @param msg      the rule's message, or null when no rule caused the record
 * @param category classification, or null when the log has none
 * @param proto    protocol name as logged (TCP, UDP, ICMP, ...)
 * @param srcPort  source port; for ICMP the type; -1 when the log has none
 * @param dstPort  destination port; for ICMP the code; -1 when the log has none
 * @param text     the line as read, for {@code --list}
 */
public record LogRecord(String file, long line, long micros, Type type, boolean blocked, boolean dropRule,
                        int gid, long sid, int rev, String msg, String category, int priority,
                        String proto, String srcIp, int srcPort, String dstIp, int dstPort, String text) {

    /** eve.json's event types that are read; every other type is skipped. */
    public enum Type {
        ALERT("alert"),
        DROP("drop");

        public final String word;

        Type(String word) {
            this.word = word;
        }
    }

    /** eve.json's action word: {@code blocked} or {@code allowed}. */
    public String action() {
        return blocked ? "blocked" : "allowed";
    }

    /** True when a rule caused the record. */
    public boolean hasRule() {
        return msg != null;
    }

    /** {@code 2019401}, or {@code 3:2019401} when the generator is not 1; {@code -} without a rule. */
    public String sidLabel() {
        if (!hasRule()) {
            return "-";
        }
        return gid == 1 ? Long.toString(sid) : gid + ":" + sid;
    }

    /** True for ICMP and ICMPv6, whose "ports" are type and code. */
    public boolean isIcmp() {
        return "ICMP".equals(proto) || "IPv6-ICMP".equals(proto);
    }

    /** {@code TCP/80} for protocols with ports, else the protocol name alone. */
    public String dstPortLabel() {
        if (dstPort < 0 || isIcmp() || !("TCP".equals(proto) || "UDP".equals(proto) || "SCTP".equals(proto))) {
            return proto;
        }
        return proto + "/" + dstPort;
    }

    /** {@code where} in messages: {@code FILE:LINE}. */
    public String location() {
        return file + ":" + line;
    }
}
