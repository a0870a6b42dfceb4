package dev.sluice.engine.verdict;

/**
 * The places where a stage of the pipeline can meet its limit, each with its sluice.yaml key (as in
 * suricata.yaml where Suricata has one) and the name of its stats counters
 * ({@code <counter>.<action>}, e.g. {@code exception_policy.tcp.reassembly.drop_flow}, as Suricata's
 * eve stats name them; ignore is not counted there, the stage's own limit counter shows it).
 */
public enum ExceptionStage {
    /** The flow table is full of established, recently active flows: the packet gets no flow. */
    FLOW_MEMCAP("flow.memcap-policy", "exception_policy.flow.memcap", false, "flow memcap"),
    /** The TCP session cap ({@code stream.memcap}) refused a new session. */
    STREAM_MEMCAP("stream.memcap-policy", "exception_policy.tcp.ssn_memcap", true, "stream memcap"),
    /** The reassembly memcap refused some of the packet's data. */
    STREAM_REASSEMBLY_MEMCAP("stream.reassembly.memcap-policy", "exception_policy.tcp.reassembly", true,
            "stream reassembly"),
    /** Defragmentation evicted or refused a datagram to stay within its tracker count or memcap. */
    DEFRAG_MEMCAP("defrag.memcap-policy", "exception_policy.defrag.memcap", false, "defrag memcap"),
    /** An application-layer parser failed; the flow's application layer was given up. */
    APP_LAYER_ERROR("app-layer.error-policy", "exception_policy.app_layer.error", true, "applayer error"),
    /** Processing the packet threw (a bug); {@code sluice run --on-error} sets it too. Sluice's own key. */
    PROCESSING_ERROR("engine.error-policy", "exception_policy.engine.error", true, "internal error");

    /** The sluice.yaml key. */
    public final String key;
    /** Stats counter prefix; the action's counter name follows after a dot. */
    public final String counter;
    /** False where the packet has no flow to act on: flow actions act on the packet only. */
    public final boolean hasFlow;
    /** The eve drop record's reason when the policy drops (Suricata's words where it has them). */
    public final String dropReason;

    ExceptionStage(String key, String counter, boolean hasFlow, String dropReason) {
        this.key = key;
        this.counter = counter;
        this.hasFlow = hasFlow;
        this.dropReason = dropReason;
    }
}
