package dev.sluice.engine.flow;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.Packet;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Builds decoded packets by hand (fields and frame bytes set directly, no decoder involved). */
public final class TestPackets {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;

    private TestPackets() {
    }

    public static byte[] addr(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Fills {@code p} (and its frame) as a decoder would for an IPv4/IPv6 packet; reuses both. */
    public static Packet fill(Packet p, String src, int sp, String dst, int dp, int proto, int flags,
                       int payload, long tsMicros) {
        Frame f = p.frame == null ? new Frame() : p.frame;
        p.reset(f, p.number + 1);
        byte[] s = addr(src);
        byte[] d = addr(dst);
        int ipOff = 14;
        int version = s.length == 4 ? 4 : 6;
        int ipHdr = version == 4 ? 20 : 40;
        p.ipVersion = version;
        p.ipOffset = ipOff;
        p.ipHeaderLength = ipHdr;
        p.srcAddrOffset = ipOff + (version == 4 ? 12 : 8);
        p.dstAddrOffset = p.srcAddrOffset + s.length;
        System.arraycopy(s, 0, f.data, p.srcAddrOffset, s.length);
        System.arraycopy(d, 0, f.data, p.dstAddrOffset, d.length);
        p.ipProto = proto;
        p.l4Offset = ipOff + ipHdr;
        p.l4HeaderLength = proto == TCP ? 20 : 8;
        if (proto == TCP || proto == UDP) {
            p.srcPort = sp;
            p.dstPort = dp;
        } else if (proto == ICMP || proto == ICMPV6) {
            p.icmpType = sp;
            p.icmpCode = dp;
        }
        p.tcpFlags = proto == TCP ? flags : 0;
        p.payloadOffset = p.l4Offset + p.l4HeaderLength;
        p.payloadLength = payload;
        p.ipTotalLength = ipHdr + p.l4HeaderLength + payload;
        f.length = ipOff + p.ipTotalLength;
        f.wireLength = f.length;
        f.tsSeconds = tsMicros / 1_000_000L;
        f.tsNanos = (int) (tsMicros % 1_000_000L) * 1000;
        return p;
    }

    public static Packet packet(String src, int sp, String dst, int dp, int proto, int flags, int payload, long tsMicros) {
        return fill(new Packet(), src, sp, dst, dp, proto, flags, payload, tsMicros);
    }

    public static Packet tcp(String src, int sp, String dst, int dp, int flags, long tsMicros) {
        return packet(src, sp, dst, dp, TCP, flags, 0, tsMicros);
    }

    public static Packet udp(String src, int sp, String dst, int dp, long tsMicros) {
        return packet(src, sp, dst, dp, UDP, 0, 10, tsMicros);
    }

    public static long sec(double s) {
        return Math.round(s * 1_000_000d);
    }
}
