package dev.sluice.engine.verdict;

import java.util.Locale;

/**
 * What the engine does with a packet when one of its stages cannot do its work (a memcap or table
 * cap reached, a parser or processing error): Suricata 7's exception policy values. Inline, the drop
 * actions drop; in IDS and pcap mode they are {@link #IGNORE} (see {@link ExceptionPolicies#forInline}).
 */
public enum ExceptionPolicy {
    /** Fail open: the packet is accepted and goes on through the other stages without the failed stage's state. */
    IGNORE("ignore"),
    /** The packet is accepted without further inspection; later packets are handled as usual. */
    PASS_PACKET("pass-packet"),
    /** The packet and the rest of its flow are accepted without inspection (pass-packet when there is no flow). */
    PASS_FLOW("pass-flow"),
    /** As pass-flow, counted as a bypass: the flow's later packets are accepted without inspection. */
    BYPASS("bypass"),
    /** The packet is dropped (inline). */
    DROP_PACKET("drop-packet"),
    /** The packet and every later packet of its flow are dropped (inline; drop-packet when there is no flow). */
    DROP_FLOW("drop-flow"),
    /** As drop-flow, and the packet is answered with a TCP reset or ICMP unreachable where a rejecter is set up. */
    REJECT("reject");

    /** The word in sluice.yaml. */
    public final String word;
    /** The name in stats counters ({@code drop_flow}). */
    public final String counter;

    ExceptionPolicy(String word) {
        this.word = word;
        this.counter = word.replace('-', '_');
    }

    /** True for the actions that drop the packet when inline. */
    public boolean drops() {
        return this == DROP_PACKET || this == DROP_FLOW || this == REJECT;
    }

    /**
     * The policy {@code value} names; {@code auto} is drop-flow when {@code inline}, else ignore (as
     * Suricata's master switch). Null for a word that names none.
     */
    public static ExceptionPolicy parse(String value, boolean inline) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return inline ? DROP_FLOW : IGNORE;
        }
        for (ExceptionPolicy p : values()) {
            if (p.word.equals(v)) {
                return p;
            }
        }
        return null;
    }

    /** The value list for messages. */
    public static String words() {
        StringBuilder b = new StringBuilder();
        for (ExceptionPolicy p : values()) {
            b.append(p.word).append(", ");
        }
        return b.append("auto").toString();
    }
}
