package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.PacketView;

import java.util.Map;

/** ip_proto: the IP protocol, by number or name, with an optional ! (not), &lt; or &gt;. */
public final class IpProto extends BaseKeyword {
    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("hopopt", 0), Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("ggp", 3),
            Map.entry("ipv4", 4), Map.entry("ipip", 4), Map.entry("st", 5), Map.entry("tcp", 6),
            Map.entry("egp", 8), Map.entry("igp", 9), Map.entry("pup", 12), Map.entry("udp", 17),
            Map.entry("hmp", 20), Map.entry("xns-idp", 22), Map.entry("rdp", 27), Map.entry("iso-tp4", 29),
            Map.entry("dccp", 33), Map.entry("xtp", 36), Map.entry("ddp", 37), Map.entry("idpr-cmtp", 38),
            Map.entry("ipv6", 41), Map.entry("ipv6-route", 43), Map.entry("ipv6-frag", 44),
            Map.entry("idrp", 45), Map.entry("rsvp", 46), Map.entry("gre", 47), Map.entry("esp", 50),
            Map.entry("ah", 51), Map.entry("skip", 57), Map.entry("ipv6-icmp", 58), Map.entry("icmpv6", 58),
            Map.entry("ipv6-nonxt", 59), Map.entry("ipv6-opts", 60), Map.entry("rspf", 73),
            Map.entry("vmtp", 81), Map.entry("eigrp", 88), Map.entry("ospf", 89), Map.entry("ax.25", 93),
            Map.entry("ipip4", 94), Map.entry("etherip", 97), Map.entry("encap", 98), Map.entry("pim", 103),
            Map.entry("ipcomp", 108), Map.entry("vrrp", 112), Map.entry("l2tp", 115), Map.entry("isis", 124),
            Map.entry("sctp", 132), Map.entry("fc", 133), Map.entry("mobility-header", 135),
            Map.entry("udplite", 136), Map.entry("mpls-in-ip", 137), Map.entry("hip", 139),
            Map.entry("shim6", 140), Map.entry("wesp", 141), Map.entry("rohc", 142));

    public IpProto() {
        super("ip_proto", "ip_proto: [!<>]number|name, the IP protocol.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.unquote(Args.required(name(), value)).trim();
        char op = '=';
        if (!v.isEmpty() && (v.charAt(0) == '!' || v.charAt(0) == '<' || v.charAt(0) == '>')) {
            op = v.charAt(0);
            v = v.substring(1).trim();
        }
        int proto;
        if (!v.isEmpty() && Character.isDigit(v.charAt(0))) {
            proto = Args.parseInt(name(), "protocol", v, 0, 255);
        } else {
            Integer n = NAMES.get(v.toLowerCase(java.util.Locale.ROOT));
            if (n == null) {
                throw new RuleException("ip_proto: unknown protocol '" + v + "'");
            }
            proto = n;
        }
        final int want = proto;
        final char o = op;
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            if (p.ipVersion() == 0) {
                return false;
            }
            int got = p.ipProto();
            switch (o) {
                case '!': return got != want;
                case '<': return got < want;
                case '>': return got > want;
                default: return got == want;
            }
        });
    }
}
