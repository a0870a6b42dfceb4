package dev.sluice.signatures;

import dev.sluice.signatures.header.RuleHeader;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.PacketCondition;
import dev.sluice.signatures.match.PayloadProgram;
import dev.sluice.signatures.match.PostMatchAction;

import java.util.List;
import java.util.Map;

/**
 * A loaded rule: its header, its metadata and what it compiled to. Immutable; shared read-only by
 * every worker.
 */
public final class Rule {
    public final RuleHeader header;
    public final Action action;
    public final int gid;
    public final long sid;
    public final int rev;
    public final String msg;
    /** Classification short name, or null. */
    public final String classtype;
    /** Classification description ("Misc activity"), or null when the rule has no classtype. */
    public final String classDescription;
    /** Priority from the rule, else from its classtype, else 3. */
    public final int priority;
    public final List<String> references;
    public final Map<String, List<String>> metadata;

    /** Header and flow tests, run before any payload test. */
    public final PacketCondition[] conditions;
    /** Payload programs per buffer, all of which must match. */
    public final Map<Buffer, PayloadProgram> programs;
    /** The pattern handed to the prefilter, or null when the rule must be evaluated on every packet it may apply to. */
    public final FastPattern fastPattern;
    /** Applied in order after a full match (flowbits and friends). */
    public final PostMatchAction[] postMatch;
    /** True when the rule never raises an alert (noalert, flowbits:noalert). */
    public final boolean noalert;
    /** Payload from single packets only (dsize, flow:no_stream, tcp-pkt). */
    public final boolean requirePacket;
    /** Payload from the reassembled stream only (flow:only_stream, tcp-stream). */
    public final boolean requireStream;
    /** Threshold or detection_filter, or null. */
    public final ThresholdSpec threshold;
    /** The flow: direction: 0 either, 1 to_server (from_client), 2 to_client (from_server). */
    public final int flowDirection;
    /**
     * Flowbits this rule tests (isset/isnotset); the engine orders rules that set a bit before rules
     * that test it.
     */
    public final int[] flowbitsRead;
    public final int[] flowbitsWritten;

    /** Kinds of state ordered like flowbits, after them and in this order (the reference engine's). */
    public static final int VAR_FLOWINT = 0;
    public static final int VAR_HOSTBITS = 1;
    public static final int VAR_IPPAIRBITS = 2;
    static final int VAR_KINDS = 3;
    /** Per VAR_* kind: 0 only writes, 1 writes and reads, 2 only reads, 3 unused (as flowbit ranks). */
    private final byte[] varRanks = new byte[VAR_KINDS];

    /** Null when the rule runs; else why it is loaded but inactive (e.g. "waiting for the http parser"). */
    public final String inactiveReason;

    /** Where the rule came from, for messages. */
    public final String file;
    public final int line;
    public final String text;

    Rule(RuleBuilder b) {
        this.header = b.header;
        this.action = b.header.action();
        this.gid = b.gid;
        this.sid = b.sid;
        this.rev = b.rev;
        this.msg = b.msg == null ? "" : b.msg;
        this.classtype = b.classtype;
        this.classDescription = b.classDescription;
        this.priority = b.priority;
        this.references = List.copyOf(b.references);
        this.metadata = Map.copyOf(b.metadata);
        this.conditions = b.conditions.toArray(new PacketCondition[0]);
        this.programs = b.buildPrograms();
        this.fastPattern = b.fastPattern();
        this.postMatch = b.postMatch.toArray(new PostMatchAction[0]);
        this.noalert = b.noalert;
        this.requirePacket = b.requirePacket || b.header.protocol() == dev.sluice.signatures.header.Protocol.TCP_PKT;
        this.requireStream = !this.requirePacket
                && (b.requireStream || b.header.protocol() == dev.sluice.signatures.header.Protocol.TCP_STREAM);
        this.threshold = b.threshold;
        this.flowDirection = b.flowDirection;
        this.flowbitsRead = b.flowbitsRead.stream().mapToInt(Integer::intValue).toArray();
        this.flowbitsWritten = b.flowbitsWritten.stream().mapToInt(Integer::intValue).toArray();
        for (int k = 0; k < VAR_KINDS; k++) {
            int u = b.varUse[k];
            varRanks[k] = (byte) (u == 1 ? 0 : u == 3 ? 1 : u == 2 ? 2 : 3);
        }
        this.inactiveReason = b.inactiveReason();
        this.file = b.file;
        this.line = b.line;
        this.text = b.text;
    }

    /** Evaluation rank for a VAR_* kind: rules that change the state come before rules that test it. */
    public int varRank(int kind) {
        return varRanks[kind];
    }

    public boolean active() {
        return inactiveReason == null;
    }

    @Override
    public String toString() {
        return "[" + gid + ":" + sid + ":" + rev + "] " + msg;
    }
}
