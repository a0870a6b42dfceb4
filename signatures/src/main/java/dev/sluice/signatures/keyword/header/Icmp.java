package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.match.PacketView;

/** ICMP tests shared by itype, icode, icmp_id and icmp_seq. */
final class Icmp {
    private Icmp() {
    }

    static boolean is(PacketView p) {
        int proto = p.ipProto();
        return p.ipVersion() != 0 && (proto == PacketView.IPPROTO_ICMP || proto == PacketView.IPPROTO_ICMPV6);
    }
}
