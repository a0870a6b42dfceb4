package dev.sluice.engine.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of drop rules in a dry run ({@code sluice pcap --ips}): for each rule that dropped, the
 * flows it cut, with the packets of each flow dropped from then on. Fed the drop records as the
 * output writer writes them (a listener: writer thread only), printed once the run is over.
 */
public final class CutFlowReport implements java.util.function.Consumer<AlertEvent> {
    /** Flows listed per rule; the rest are only counted. */
    public static final int DEFAULT_LIST = 10;
    /** Flows remembered in all (a capture with millions of cut flows only counts the rest). */
    private static final int MAX_FLOWS = 200_000;

    /** One flow a rule cut. */
    public record CutFlow(long flowId, String proto, String src, int srcPort, String dst, int dstPort,
                          long firstSeconds, int firstMicros, long packets) { }

    /** One rule's cut flows. */
    public static final class RuleCuts {
        public final AlertEvent.Alert rule;
        final List<Long> flows = new ArrayList<>();
        long packetsWithoutFlow;

        RuleCuts(AlertEvent.Alert rule) {
            this.rule = rule;
        }

        public int flowCount() {
            return flows.size();
        }
    }

    private final Map<String, RuleCuts> byRule = new LinkedHashMap<>();
    private final Map<Long, CutFlow> flows = new HashMap<>();
    private long flowsNotKept;

    @Override
    public void accept(AlertEvent e) {
        if (e.type() != AlertEvent.Type.DROP) {
            return;
        }
        if (e.alert() != null) {
            AlertEvent.Alert a = e.alert();
            RuleCuts rc = byRule.computeIfAbsent(a.gid() + ":" + a.sid(), k -> new RuleCuts(a));
            if (e.flowId() == 0) {
                rc.packetsWithoutFlow++;
            } else if (!flows.containsKey(e.flowId())) {
                if (flows.size() >= MAX_FLOWS) {
                    flowsNotKept++;
                    return;
                }
                rc.flows.add(e.flowId());
                flows.put(e.flowId(), new CutFlow(e.flowId(), ProtoNames.fastLog(e.ipProto()), e.srcIp(), e.srcPort(),
                        e.dstIp(), e.dstPort(), e.tsSeconds(), e.tsMicros(), 1));
            } else {
                count(e.flowId());
            }
        } else if (e.flowId() != 0) {
            count(e.flowId());    // a later packet of a flow a rule cut
        }
    }

    private void count(long flowId) {
        CutFlow f = flows.get(flowId);
        if (f != null) {
            flows.put(flowId, new CutFlow(f.flowId(), f.proto(), f.src(), f.srcPort(), f.dst(), f.dstPort(),
                    f.firstSeconds(), f.firstMicros(), f.packets() + 1));
        }
    }

    /** The rules that dropped, most flows first. */
    public List<RuleCuts> rules() {
        List<RuleCuts> l = new ArrayList<>(byRule.values());
        l.sort(Comparator.comparingInt(RuleCuts::flowCount).reversed().thenComparingLong(r -> r.rule.sid()));
        return l;
    }

    /** The flows {@code r} cut, in the order it cut them. */
    public List<CutFlow> flows(RuleCuts r) {
        List<CutFlow> l = new ArrayList<>();
        for (long id : r.flows) {
            l.add(flows.get(id));
        }
        return l;
    }

    /** Prints the report: a line per rule, then up to {@code list} of its flows. */
    public void print(PrintStream out, int list) {
        List<RuleCuts> rs = rules();
        long total = 0;
        for (RuleCuts r : rs) {
            total += r.flowCount();
        }
        out.printf(Locale.ROOT, "Flows cut by drop rules: %d flows by %d rules%n", total, rs.size());
        for (RuleCuts r : rs) {
            long packets = r.packetsWithoutFlow;
            for (long id : r.flows) {
                packets += flows.get(id).packets();
            }
            out.printf(Locale.ROOT, "%n[%d:%d:%d] %s: %d flows cut, %d packets dropped%n", r.rule.gid(), r.rule.sid(),
                    r.rule.rev(), r.rule.msg(), r.flowCount(), packets);
            List<CutFlow> fl = flows(r);
            for (int i = 0; i < fl.size() && i < list; i++) {
                CutFlow f = fl.get(i);
                out.printf(Locale.ROOT, "  %s  {%s} %s -> %s  %d packets dropped%n",
                        Timestamps.appendFast(new StringBuilder(), f.firstSeconds(), f.firstMicros()), f.proto(),
                        endpoint(f.src(), f.srcPort(), f.proto()), endpoint(f.dst(), f.dstPort(), f.proto()), f.packets());
            }
            if (fl.size() > list) {
                out.printf(Locale.ROOT, "  ... %d more flows%n", fl.size() - list);
            }
        }
        if (flowsNotKept > 0) {
            out.printf(Locale.ROOT, "(%d more cut flows were not kept for this report)%n", flowsNotKept);
        }
    }

    private static String endpoint(String ip, int port, String proto) {
        boolean ports = "TCP".equals(proto) || "UDP".equals(proto) || "SCTP".equals(proto);
        String a = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        return ports ? a + ":" + port : a;
    }
}
