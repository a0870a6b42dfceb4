package dev.sluice.engine.output;

import dev.sluice.engine.applayer.AppTx;
import dev.sluice.engine.decode.IpAddr;
import dev.sluice.engine.decode.Packet;
import dev.sluice.engine.flow.Flow;
import dev.sluice.signatures.Action;
import dev.sluice.signatures.Rule;

/**
 * Builds {@link AlertEvent}s from what a worker has at hand when a rule fires. Suricata's rules for
 * the action shown: {@code allowed} unless a drop rule fired inline or a reject rule fired (reject
 * is {@code blocked} in either mode); fast.log marks drop and reject rules {@code [Drop]} inline and
 * {@code [wDrop]} otherwise. Addresses and ports are the packet's, not the flow's.
 */
public final class AlertEvents {
    public static final String REASON_RULES = "rules";
    public static final String REASON_FLOW_DROP = "flow drop";

    private AlertEvents() {
    }

    /** The alert record for {@code rule} matching {@code p}; {@code flow} may be null. */
    public static AlertEvent alert(Rule rule, Packet p, Flow flow, boolean inline) {
        return alert(alertOf(rule, inline), markOf(rule.action, inline), p, flow);
    }

    /** The alert record for an already resolved rule part and fast.log mark. */
    public static AlertEvent alert(AlertEvent.Alert alert, AlertEvent.FastMark mark, Packet p, Flow flow) {
        return alert(alert, mark, p, flow, null);
    }

    /**
     * The alert record for {@code rule} matching transaction {@code tx} (null: a packet match) of
     * {@code p}'s flow: it also carries the transaction's application-layer object.
     */
    public static AlertEvent alert(Rule rule, Packet p, Flow flow, boolean inline, AppTx tx) {
        return alert(alertOf(rule, inline), markOf(rule.action, inline), p, flow, tx);
    }

    /** The alert record for a resolved rule part matching transaction {@code tx} (or null). */
    public static AlertEvent alert(AlertEvent.Alert alert, AlertEvent.FastMark mark, Packet p, Flow flow, AppTx tx) {
        AlertEvent.Builder b = common(p, flow).type(AlertEvent.Type.ALERT).alert(alert).mark(mark);
        if (tx != null) {
            b.appObject(tx.eveObject());
        }
        return b.build();
    }

    /**
     * The drop record for a packet dropped inline: {@code rule} is the rule that dropped it, or null
     * when it was dropped for another reason (e.g. {@link #REASON_FLOW_DROP}: its flow was dropped
     * earlier).
     */
    public static AlertEvent drop(Rule rule, Packet p, Flow flow, String reason) {
        AlertEvent.Alert a = rule == null ? null : new AlertEvent.Alert(AlertEvent.Alert.BLOCKED, rule.gid,
                rule.sid, rule.rev, rule.msg, rule.classDescription, rule.priority);
        return drop(a, p, flow, reason);
    }

    /** The drop record with an already resolved rule part ({@code alert} null: no rule caused it). */
    public static AlertEvent drop(AlertEvent.Alert alert, Packet p, Flow flow, String reason) {
        return common(p, flow).type(AlertEvent.Type.DROP).alert(alert).drop(dropDetail(p, reason)).build();
    }

    /** The EVE action of {@code action} in IDS ({@code inline} false) or inline mode. */
    public static String actionWord(Action action, boolean inline) {
        switch (action) {
            case DROP:
                return inline ? AlertEvent.Alert.BLOCKED : AlertEvent.Alert.ALLOWED;
            case REJECT:
            case REJECTSRC:
            case REJECTDST:
            case REJECTBOTH:
                return AlertEvent.Alert.BLOCKED;
            default:
                return AlertEvent.Alert.ALLOWED;
        }
    }

    public static AlertEvent.FastMark markOf(Action action, boolean inline) {
        if (!action.blocks()) {
            return AlertEvent.FastMark.NONE;
        }
        return inline ? AlertEvent.FastMark.DROP : AlertEvent.FastMark.WDROP;
    }

    /** The rule part of an alert record for {@code rule}. */
    public static AlertEvent.Alert alertOf(Rule rule, boolean inline) {
        return new AlertEvent.Alert(actionWord(rule.action, inline), rule.gid, rule.sid, rule.rev, rule.msg,
                rule.classDescription, rule.priority);
    }

    private static AlertEvent.Builder common(Packet p, Flow flow) {
        byte[] d = p.frame.data;
        int proto = p.ipProto;
        boolean ported = p.l4HeaderLength > 0 && (proto == 6 || proto == 17 || proto == 132);
        AlertEvent.Builder b = AlertEvent.builder()
                .time(p.frame.tsSeconds, p.frame.tsNanos / 1000)
                .proto(proto)
                .src(IpAddr.format(d, p.srcAddrOffset, p.ipVersion), ported ? p.srcPort : 0)
                .dst(IpAddr.format(d, p.dstAddrOffset, p.ipVersion), ported ? p.dstPort : 0)
                .pcapCnt(p.number);
        if ((proto == 1 || proto == 58) && p.icmpType >= 0) {
            b.icmp(p.icmpType, Math.max(p.icmpCode, 0));
        }
        if (flow != null) {
            b.flowId(flow.id()).direction(flow.toServer() ? "to_server" : "to_client").appProto(flow.appProto());
        }
        return b;
    }

    private static AlertEvent.DropDetail dropDetail(Packet p, String reason) {
        boolean tcp = p.isTcp();
        int udpLen = -1;
        if (p.isUdp() && p.l4Offset + 6 <= p.frame.length) {
            udpLen = (p.frame.data[p.l4Offset + 4] & 0xff) << 8 | (p.frame.data[p.l4Offset + 5] & 0xff);
        }
        boolean icmp = p.ipProto == 1 || p.ipProto == 58;
        return new AlertEvent.DropDetail(p.ipVersion, p.ipTotalLength, p.tos, p.ttl, p.ipId,
                tcp ? p.tcpSeq : 0, tcp ? p.tcpAck : 0, tcp ? p.tcpWindow : 0, tcp ? p.tcpFlags : -1,
                udpLen, icmp ? p.icmpId : -1, icmp ? p.icmpSeq : -1, reason);
    }
}
