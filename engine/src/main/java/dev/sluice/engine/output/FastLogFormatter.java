package dev.sluice.engine.output;

/**
 * Suricata's fast.log line, one per alert record:
 *
 * <pre>
 * 11/24/2009-21:27:09.534255  [Drop] [**] [1:2001:3] msg [**] [Classification: Misc activity] [Priority: 3] {TCP} 10.0.0.1:1234 -> 10.0.0.2:80
 * </pre>
 *
 * Time in UTC (Suricata uses local time; Sluice logs UTC). Two spaces after the time; the
 * {@code [Drop] }/{@code [wDrop] } mark only for drop rules; {@code (null)} when the rule has no
 * classtype. ICMP and ICMPv6 print type and code where the ports go, protocols without ports print
 * 0 for both.
 */
public final class FastLogFormatter {
    private FastLogFormatter() {
    }

    /** The line of an alert record, without the newline. */
    public static String format(AlertEvent e) {
        StringBuilder sb = new StringBuilder(160);
        appendTo(sb, e);
        return sb.toString();
    }

    /** Appends the line of an alert record, without the newline. */
    public static StringBuilder appendTo(StringBuilder sb, AlertEvent e) {
        AlertEvent.Alert a = e.alert();
        if (a == null) {
            throw new IllegalArgumentException("fast.log needs a record with a rule");
        }
        Timestamps.appendFast(sb, e.tsSeconds(), e.tsMicros()).append("  ").append(e.mark().text);
        sb.append("[**] [").append(a.gid()).append(':').append(a.sid()).append(':').append(a.rev()).append("] ");
        appendOneLine(sb, a.msg());
        sb.append(" [**] [Classification: ");
        if (a.category() == null) {
            sb.append("(null)");
        } else {
            appendOneLine(sb, a.category());
        }
        sb.append("] [Priority: ").append(a.priority()).append("] {")
                .append(ProtoNames.fastLog(e.ipProto())).append("} ");
        int sp;
        int dp;
        if (e.isIcmp()) {
            sp = Math.max(e.icmpType(), 0);
            dp = Math.max(e.icmpCode(), 0);
        } else if (e.hasPorts()) {
            sp = e.srcPort();
            dp = e.dstPort();
        } else {
            sp = 0;
            dp = 0;
        }
        return sb.append(e.srcIp()).append(':').append(sp).append(" -> ").append(e.dstIp()).append(':').append(dp);
    }

    /** Rule text cannot hold line breaks, but a line must stay one line whatever it is given. */
    private static void appendOneLine(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '\n' || c == '\r' ? ' ' : c);
        }
    }
}
