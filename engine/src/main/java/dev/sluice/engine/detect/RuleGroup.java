package dev.sluice.engine.detect;

/**
 * The rules that may apply to packets of one IP protocol. Rules are referred to by their index in
 * {@link DetectEngine#rules()}, which is evaluation order. Immutable after build.
 */
final class RuleGroup {
    /** Packet classes: direction (to server, to client) times source and destination in HOME_NET. */
    static final int CLASSES = 8;

    /** Rules without a prefilter pattern: evaluated on every packet of the group, ascending. */
    final int[] always;
    /**
     * IP-only rules (addresses and protocol, any ports, no payload, packet condition or flowbit
     * test): evaluated on the first packet of each flow direction, and on every packet without a flow.
     */
    final int[] ipOnly;
    /**
     * The prefilter for each packet class ({@link #classOf}). A class holds every rule whose flow
     * direction and header addresses admit it, a superset of what can match, so a rule left out of
     * a class can never match its packets. A packet without a flow takes the to-server class of its
     * addresses: the rules that class leaves out all name a flow direction, which needs a flow.
     */
    final Prefilter[] byClass;

    RuleGroup(int[] always, int[] ipOnly, Prefilter[] byClass) {
        this.always = always;
        this.ipOnly = ipOnly;
        this.byClass = byClass;
    }

    /** The class of a packet with a flow: 4 * (to client) + 2 * (source in HOME_NET) + (destination in HOME_NET). */
    static int classOf(boolean toServer, boolean srcHome, boolean dstHome) {
        return (toServer ? 0 : 4) + (srcHome ? 2 : 0) + (dstHome ? 1 : 0);
    }
}
