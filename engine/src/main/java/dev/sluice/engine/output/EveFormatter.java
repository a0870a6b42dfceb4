package dev.sluice.engine.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * One eve.json object per record, fields in Suricata's order:
 *
 * <pre>
 * {"timestamp":"2009-11-24T21:27:09.534255+0000","flow_id":N,"pcap_cnt":N,"event_type":"alert",
 *  "src_ip":"...","src_port":N,"dest_ip":"...","dest_port":N,"proto":"TCP",
 *  ["icmp_type":N,"icmp_code":N,] ["drop":{...},]
 *  "alert":{"action":"allowed","gid":1,"signature_id":N,"rev":N,"signature":"...","category":"...","severity":N},
 *  ["dns":{...},] ["app_proto":"...",] ["direction":"to_server"]}
 * </pre>
 *
 * flow_id and pcap_cnt are left out when 0, ports for protocols without ports, icmp_* for non-ICMP;
 * category is {@code ""} when the rule has no classtype. Times in UTC.
 */
public final class EveFormatter {
    private static final JsonFactory JSON = new JsonFactory();

    private EveFormatter() {
    }

    /** The JSON object of {@code e}, without the newline. */
    public static String format(AlertEvent e) {
        StringWriter w = new StringWriter(384);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, e);
        } catch (IOException x) {
            throw new UncheckedIOException(x);    // a StringWriter does not fail
        }
        return w.toString();
    }

    /**
     * The {@code "event_type":"stats"} record of {@code s}, without the newline: Suricata's counter
     * names grouped as it groups them ({@code capture}, {@code decoder}, {@code flow}, {@code tcp},
     * {@code defrag}, {@code flow_bypassed}, {@code detect}, {@code ips}); counters that are -1 are left out.
     */
    public static String formatStats(StatsSnapshot s) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Timestamps.eve(s.tsSeconds(), s.tsMicros()));
            g.writeStringField("event_type", "stats");
            g.writeObjectFieldStart("stats");
            g.writeNumberField("uptime", s.uptime());
            java.util.Map<String, Object> more = tree(eveCounters(s.counters()));
            if (s.kernelPackets() >= 0 || s.kernelDrops() >= 0) {
                g.writeObjectFieldStart("capture");
                counter(g, "kernel_packets", s.kernelPackets());
                counter(g, "kernel_drops", s.kernelDrops());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("decoder");
            g.writeNumberField("pkts", s.packets());
            g.writeNumberField("bytes", s.bytes());
            g.writeNumberField("avg_pkt_size", s.packets() == 0 ? 0 : s.bytes() / s.packets());
            g.writeEndObject();
            if (s.flowsCreated() >= 0) {
                g.writeObjectFieldStart("flow");
                g.writeNumberField("total", s.flowsCreated());
                counter(g, "active", s.flowsActive());
                // the table reuses its oldest idle flow when full, Suricata's "get_used"
                counter(g, "get_used", s.flowsEvicted());
                if (s.flowsTimedOut() >= 0) {
                    g.writeObjectFieldStart("mgr");
                    g.writeNumberField("flows_timeout", s.flowsTimedOut());
                    g.writeEndObject();
                }
                rest(g, more, "flow");
                g.writeEndObject();
            }
            if (s.tcpSessions() >= 0) {
                g.writeObjectFieldStart("tcp");
                g.writeNumberField("sessions", s.tcpSessions());
                counter(g, "active_sessions", s.tcpActiveSessions());
                counter(g, "ssn_memcap_drop", s.tcpSessionCapHits());
                counter(g, "segment_memcap_drop", s.tcpMemcapHits());
                rest(g, more, "tcp");
                g.writeEndObject();
            }
            if (s.defragTimedOut() >= 0 || s.defragEvicted() >= 0) {
                g.writeObjectFieldStart("defrag");
                counter(g, "max_trackers_reached", s.defragEvicted());
                if (s.defragTimedOut() >= 0) {
                    g.writeObjectFieldStart("mgr");
                    g.writeNumberField("tracker_timeout", s.defragTimedOut());
                    g.writeEndObject();
                }
                rest(g, more, "defrag");
                g.writeEndObject();
            }
            if (s.bypassedPkts() >= 0) {
                g.writeObjectFieldStart("flow_bypassed");
                String kind = s.captureBypass() ? "local_capture_" : "local_";
                g.writeNumberField(kind + "pkts", s.bypassedPkts());
                g.writeNumberField(kind + "bytes", s.bypassedBytes());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("detect");
            g.writeNumberField("alert", s.alerts());
            rest(g, more, "detect");
            g.writeEndObject();
            writeTree(g, more); // groups of their own: app_layer, engine
            if (s.inline()) {
                g.writeObjectFieldStart("ips");
                g.writeNumberField("accepted", s.accepted());
                g.writeNumberField("blocked", s.blocked());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException x) {
            throw new UncheckedIOException(x);    // a StringWriter does not fail
        }
        return w.toString();
    }

    /**
     * The counters Suricata's eve schema has a place for (flow.memcap, tcp.reassembly_memuse,
     * defrag.memuse, app_layer.error.*, exception_policy.*); Sluice's own ones (detect.pcre_limit,
     * engine.error, ...) are shown by {@code sluice ctl stats} and the end-of-run stats line only.
     */
    static java.util.Map<String, Long> eveCounters(java.util.Map<String, Long> all) {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, Long> e : all.entrySet()) {
            String k = e.getKey();
            if (k.equals("flow.memcap") || k.equals("tcp.reassembly_memuse") || k.equals("defrag.memuse")
                    || k.startsWith("app_layer.error.")
                    || (k.startsWith("exception_policy.") && !k.startsWith("exception_policy.engine."))) {
                m.put(k, e.getValue());
            }
        }
        return m;
    }

    /** Dotted counter names as nested maps ({@code a.b.c} -> a: {b: {c: v}}), sorted. */
    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> tree(java.util.Map<String, Long> counters) {
        java.util.Map<String, Object> root = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, Long> e : counters.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            java.util.Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object c = node.get(parts[i]);
                if (!(c instanceof java.util.Map)) {
                    c = new java.util.TreeMap<String, Object>();
                    node.put(parts[i], c);
                }
                node = (java.util.Map<String, Object>) c;
            }
            node.put(parts[parts.length - 1], e.getValue());
        }
        return root;
    }

    /** Writes and takes out the counters of group {@code name}, inside that group's object. */
    @SuppressWarnings("unchecked")
    private static void rest(JsonGenerator g, java.util.Map<String, Object> more, String name) throws IOException {
        Object sub = more.remove(name);
        if (sub instanceof java.util.Map<?, ?> m) {
            writeTree(g, (java.util.Map<String, Object>) m);
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeTree(JsonGenerator g, java.util.Map<String, Object> node) throws IOException {
        for (java.util.Map.Entry<String, Object> e : node.entrySet()) {
            if (e.getValue() instanceof java.util.Map<?, ?> m) {
                g.writeObjectFieldStart(e.getKey());
                writeTree(g, (java.util.Map<String, Object>) m);
                g.writeEndObject();
            } else {
                g.writeNumberField(e.getKey(), (Long) e.getValue());
            }
        }
    }

    private static void counter(JsonGenerator g, String name, long v) throws IOException {
        if (v >= 0) {
            g.writeNumberField(name, v);
        }
    }

    private static void write(JsonGenerator g, AlertEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("timestamp", Timestamps.eve(e.tsSeconds(), e.tsMicros()));
        if (e.flowId() != 0) {
            g.writeNumberField("flow_id", e.flowId());
        }
        if (e.pcapCnt() > 0) {
            g.writeNumberField("pcap_cnt", e.pcapCnt());
        }
        g.writeStringField("event_type", e.type().word);
        g.writeStringField("src_ip", e.srcIp());
        if (e.hasPorts()) {
            g.writeNumberField("src_port", e.srcPort());
        }
        g.writeStringField("dest_ip", e.dstIp());
        if (e.hasPorts()) {
            g.writeNumberField("dest_port", e.dstPort());
        }
        g.writeStringField("proto", ProtoNames.eve(e.ipProto()));
        if (e.isIcmp() && e.icmpType() >= 0) {
            g.writeNumberField("icmp_type", e.icmpType());
            g.writeNumberField("icmp_code", Math.max(e.icmpCode(), 0));
        }
        if (e.drop() != null) {
            writeDrop(g, e.drop());
        }
        AlertEvent.Alert a = e.alert();
        if (a != null) {
            g.writeObjectFieldStart("alert");
            g.writeStringField("action", a.action());
            g.writeNumberField("gid", a.gid());
            g.writeNumberField("signature_id", a.sid());
            g.writeNumberField("rev", a.rev());
            g.writeStringField("signature", a.msg());
            g.writeStringField("category", a.category() == null ? "" : a.category());
            g.writeNumberField("severity", a.priority());
            g.writeEndObject();
        }
        if (e.appProto() != null && e.appObject() != null) {
            g.writeFieldName(e.appProto());
            g.writeRawValue(e.appObject());
        }
        if (e.appProto() != null) {
            g.writeStringField("app_proto", e.appProto());
        }
        if (e.direction() != null) {
            g.writeStringField("direction", e.direction());
        }
        g.writeEndObject();
    }

    private static void writeDrop(JsonGenerator g, AlertEvent.DropDetail d) throws IOException {
        g.writeObjectFieldStart("drop");
        g.writeNumberField("len", d.len());
        if (d.ipVersion() == 6) {
            g.writeNumberField("tc", d.tos());
            g.writeNumberField("hoplimit", d.ttl());
        } else {
            g.writeNumberField("tos", d.tos());
            g.writeNumberField("ttl", d.ttl());
            g.writeNumberField("ipid", d.ipId());
        }
        if (d.tcpFlags() >= 0) {
            int f = d.tcpFlags();
            g.writeNumberField("tcpseq", d.tcpSeq());
            g.writeNumberField("tcpack", d.tcpAck());
            g.writeNumberField("tcpwin", d.tcpWin());
            g.writeBooleanField("syn", (f & 0x02) != 0);
            g.writeBooleanField("ack", (f & 0x10) != 0);
            g.writeBooleanField("psh", (f & 0x08) != 0);
            g.writeBooleanField("rst", (f & 0x04) != 0);
            g.writeBooleanField("urg", (f & 0x20) != 0);
            g.writeBooleanField("fin", (f & 0x01) != 0);
        }
        if (d.udpLen() >= 0) {
            g.writeNumberField("udplen", d.udpLen());
        }
        if (d.icmpId() >= 0) {
            g.writeNumberField("icmp_id", d.icmpId());
            g.writeNumberField("icmp_seq", Math.max(d.icmpSeq(), 0));
        }
        if (d.reason() != null) {
            g.writeStringField("reason", d.reason());
        }
        g.writeEndObject();
    }
}
