package dev.sluice.engine.applayer;

import dev.sluice.signatures.match.TxView;

/**
 * One application-layer transaction (a DNS message, later an HTTP request with its response), as
 * detection and EVE see it. Subclasses fill the protocol's buffers and fields ({@link TxView}) and
 * render the object Suricata adds to alerts. Mutable and possibly reused by its parser: only valid
 * while the packet that handed it out is processed.
 */
public abstract class AppTx implements TxView {
    /** Number of the transaction in its flow, from 0 (EVE {@code tx_id}). */
    public long id;
    /** Direction of the message that made the transaction. */
    public boolean toServer;
    /** Events raised while parsing it (bits of the protocol's event set). */
    public int events;

    /** Rules (engine indexes) that matched this transaction; a rule matches a transaction once. */
    private int[] matchedRules = new int[4];
    private int matchedRuleCount;
    /** The {@link #id} the matched rules belong to: a parser reusing the object starts afresh. */
    private long matchedFor = -1;

    /** True when rule {@code rule} already matched this transaction (in an earlier update). */
    public boolean alreadyMatched(int rule) {
        if (matchedFor != id) {
            return false;
        }
        for (int i = 0; i < matchedRuleCount; i++) {
            if (matchedRules[i] == rule) {
                return true;
            }
        }
        return false;
    }

    /** Records that rule {@code rule} matched this transaction. */
    public void recordMatch(int rule) {
        if (matchedFor != id) {
            matchedFor = id;
            matchedRuleCount = 0;
        }
        if (matchedRuleCount == matchedRules.length) {
            matchedRules = java.util.Arrays.copyOf(matchedRules, matchedRuleCount * 2);
        }
        matchedRules[matchedRuleCount++] = rule;
    }

    public abstract AppProto proto();

    /**
     * The object Suricata adds to an alert on this transaction (for DNS the {@code dns} object), as
     * JSON text logged under {@code proto().word}; null for none. Called on the worker thread when
     * a rule alerts; the text outlives the transaction.
     */
    public abstract String eveObject();
}
