package dev.sluice.engine.output;

import java.util.Objects;

/**
 * One alert, or one dropped packet, as the outputs log it. Immutable; built by the worker that saw
 * the packet (see {@link AlertEvents}) and read by the output thread. Addresses arrive formatted.
 *
 * @param tsSeconds   capture time, seconds since the epoch
 * @param tsMicros    sub-second part of the capture time, 0..999999
 * @param type        {@code alert} or {@code drop} record
 * @param mark        what fast.log shows before {@code [**]}: nothing, {@code [Drop]} or {@code [wDrop]}
 * @param alert       the rule that fired; required for an alert record, null for a drop record that no
 *                    rule caused (e.g. a later packet of a dropped flow)
 * @param ipProto     IP protocol number
 * @param srcIp       the packet's source address, formatted
 * @param srcPort     source port; ignored for protocols without ports
 * @param dstIp       the packet's destination address, formatted
 * @param dstPort     destination port; ignored for protocols without ports
 * @param flowId      EVE flow_id, 0 when the packet has no flow
 * @param pcapCnt     1-based packet number in the capture, 0 when not reading a capture
 * @param icmpType    ICMP type, -1 when not ICMP
 * @param icmpCode    ICMP code, -1 when not ICMP
 * @param direction   {@code to_server}, {@code to_client} or null when there is no flow
 * @param appProto    application protocol of the flow, or null
 * @param appObject   the application-layer object of the transaction the rule matched (for DNS the
 *                    {@code dns} object), as JSON text logged under the key {@code appProto}; or null
 * @param drop        details of a dropped packet for the EVE {@code drop} object, or null
 */
public record AlertEvent(long tsSeconds, int tsMicros, Type type, FastMark mark, Alert alert,
                         int ipProto, String srcIp, int srcPort, String dstIp, int dstPort,
                         long flowId, long pcapCnt, int icmpType, int icmpCode,
                         String direction, String appProto, String appObject, DropDetail drop) {

    /** The EVE event type of the record. */
    public enum Type {
        ALERT("alert"),
        DROP("drop");

        public final String word;

        Type(String word) {
            this.word = word;
        }
    }

    /** fast.log's marker for rules whose action drops. */
    public enum FastMark {
        /** Not a drop rule. */
        NONE(""),
        /** A drop rule matched and the packet was dropped (inline). */
        DROP("[Drop] "),
        /** A drop rule matched but the engine is not inline, so nothing was dropped. */
        WDROP("[wDrop] ");

        /** Text inserted before {@code [**]}, with its trailing space. */
        public final String text;

        FastMark(String text) {
            this.text = text;
        }
    }

    /**
     * The rule part of a record, EVE's {@code alert} object.
     *
     * @param action   {@code allowed} or {@code blocked}, as Suricata shows it
     * @param category classification description, or null when the rule has no classtype
     * @param priority the rule's priority, EVE's severity
     */
    public record Alert(String action, int gid, long sid, int rev, String msg, String category, int priority) {
        public static final String ALLOWED = "allowed";
        public static final String BLOCKED = "blocked";

        public Alert {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(msg, "msg");
        }
    }

    /**
     * Header fields of a dropped packet for EVE's {@code drop} object. Fields that do not apply are
     * -1 (ints) or ignored (the TCP fields unless {@code tcpFlags >= 0}).
     *
     * @param ipVersion 4 or 6 (IPv6 prints tc and hoplimit instead of tos, ttl and ipid)
     * @param len       IP total length
     * @param tcpFlags  TCP flags byte, -1 when not TCP
     * @param udpLen    UDP length field, -1 when not UDP
     * @param reason    why the packet was dropped, e.g. {@code rules} or {@code flow drop}
     */
    public record DropDetail(int ipVersion, int len, int tos, int ttl, int ipId,
                             long tcpSeq, long tcpAck, int tcpWin, int tcpFlags,
                             int udpLen, int icmpId, int icmpSeq, String reason) {
    }

    public AlertEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mark, "mark");
        Objects.requireNonNull(srcIp, "srcIp");
        Objects.requireNonNull(dstIp, "dstIp");
        if (type == Type.ALERT && alert == null) {
            throw new IllegalArgumentException("an alert record needs its rule");
        }
        if (tsMicros < 0 || tsMicros > 999_999) {
            throw new IllegalArgumentException("microseconds out of range: " + tsMicros);
        }
    }

    /** True for the protocols whose ports are logged (TCP, UDP, SCTP). */
    public boolean hasPorts() {
        return ipProto == 6 || ipProto == 17 || ipProto == 132;
    }

    /** True for ICMP and ICMPv6. */
    public boolean isIcmp() {
        return ipProto == 1 || ipProto == 58;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fills an {@link AlertEvent} field by field; unset fields mean "none". */
    public static final class Builder {
        private long tsSeconds;
        private int tsMicros;
        private Type type = Type.ALERT;
        private FastMark mark = FastMark.NONE;
        private Alert alert;
        private int ipProto;
        private String srcIp;
        private int srcPort;
        private String dstIp;
        private int dstPort;
        private long flowId;
        private long pcapCnt;
        private int icmpType = -1;
        private int icmpCode = -1;
        private String direction;
        private String appProto;
        private String appObject;
        private DropDetail drop;

        private Builder() {
        }

        public Builder time(long seconds, int micros) {
            this.tsSeconds = seconds;
            this.tsMicros = micros;
            return this;
        }

        public Builder type(Type t) {
            this.type = t;
            return this;
        }

        public Builder mark(FastMark m) {
            this.mark = m;
            return this;
        }

        public Builder alert(Alert a) {
            this.alert = a;
            return this;
        }

        public Builder alert(String action, int gid, long sid, int rev, String msg, String category, int priority) {
            return alert(new Alert(action, gid, sid, rev, msg, category, priority));
        }

        public Builder proto(int ipProto) {
            this.ipProto = ipProto;
            return this;
        }

        public Builder src(String ip, int port) {
            this.srcIp = ip;
            this.srcPort = port;
            return this;
        }

        public Builder dst(String ip, int port) {
            this.dstIp = ip;
            this.dstPort = port;
            return this;
        }

        public Builder flowId(long id) {
            this.flowId = id;
            return this;
        }

        public Builder pcapCnt(long n) {
            this.pcapCnt = n;
            return this;
        }

        public Builder icmp(int type, int code) {
            this.icmpType = type;
            this.icmpCode = code;
            return this;
        }

        public Builder direction(String d) {
            this.direction = d;
            return this;
        }

        public Builder appProto(String p) {
            this.appProto = p;
            return this;
        }

        public Builder appObject(String json) {
            this.appObject = json;
            return this;
        }

        public Builder drop(DropDetail d) {
            this.drop = d;
            return this;
        }

        public AlertEvent build() {
            return new AlertEvent(tsSeconds, tsMicros, type, mark, alert, ipProto, srcIp, srcPort,
                    dstIp, dstPort, flowId, pcapCnt, icmpType, icmpCode, direction, appProto, appObject, drop);
        }
    }
}
