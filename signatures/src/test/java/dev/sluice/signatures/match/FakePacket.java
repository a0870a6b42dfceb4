package dev.sluice.signatures.match;

import java.nio.charset.StandardCharsets;

/**
 * A packet for tests: an Ethernet + IPv4 (or IPv6) + L4 frame built in a byte[], with the decoded
 * fields a test wants set directly. Not a decoder: accessors return what the builder set.
 */
public final class FakePacket implements PacketView {
    private static final int ETH = 14;

    public byte[] data;
    public int ipVersion = 4;
    public int ipHeaderLength = 20;
    public int proto = IPPROTO_TCP;
    public int ttl = 64;
    public int ipId;
    public int ipFlags;
    public int fragOffset;
    public int tos;
    public long ipOptions;
    public int l4Length;
    public int srcPort = 1234;
    public int dstPort = 80;
    public int tcpFlags = TH_ACK;
    public long seq;
    public long ack;
    public int window = 1024;
    public int mss = -1;
    public int icmpType = -1;
    public int icmpCode = -1;
    public int icmpId = -1;
    public int icmpSeq = -1;
    public int payloadLength;
    public int[] vlans = new int[0];
    public long icmpv6Mtu = -1;
    public String decodeEvent;
    public boolean defragmented;

    /** A TCP packet carrying this payload (ISO-8859-1 text). */
    public static FakePacket tcp(String payload) {
        return tcp(payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static FakePacket tcp(byte[] payload) {
        return build(IPPROTO_TCP, 20, payload);
    }

    public static FakePacket udp(byte[] payload) {
        return build(IPPROTO_UDP, 8, payload);
    }

    public static FakePacket icmp(int type, int code, byte[] payload) {
        FakePacket p = build(IPPROTO_ICMP, 8, payload);
        p.icmpType = type;
        p.icmpCode = code;
        p.data[p.l4HeaderOffset()] = (byte) type;
        p.data[p.l4HeaderOffset() + 1] = (byte) code;
        return p;
    }

    private static FakePacket build(int proto, int l4len, byte[] payload) {
        FakePacket p = new FakePacket();
        p.proto = proto;
        p.l4Length = l4len;
        p.payloadLength = payload.length;
        p.data = new byte[ETH + 20 + l4len + payload.length];
        int ip = ETH;
        p.data[ip] = 0x45;
        p.data[ip + 8] = 64;
        p.data[ip + 9] = (byte) proto;
        p.data[ip + 12] = 10;
        p.data[ip + 15] = 1;
        p.data[ip + 16] = 10;
        p.data[ip + 19] = 2;
        int l4 = ip + 20;
        if (proto == IPPROTO_TCP) {
            p.data[l4] = (byte) (1234 >> 8);
            p.data[l4 + 1] = (byte) 1234;
            p.data[l4 + 3] = 80;
            p.data[l4 + 12] = 0x50;
            p.data[l4 + 13] = (byte) TH_ACK;
        }
        System.arraycopy(payload, 0, p.data, l4 + l4len, payload.length);
        return p;
    }

    /** Writes bytes into the frame at an offset from the start of the IP header. */
    public FakePacket ipBytes(int at, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            data[ETH + at + i] = (byte) bytes[i];
        }
        return this;
    }

    /** Writes bytes into the transport header. */
    public FakePacket l4Bytes(int at, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            data[l4HeaderOffset() + at + i] = (byte) bytes[i];
        }
        return this;
    }

    @Override public byte[] data() { return data; }
    @Override public int ipVersion() { return ipVersion; }
    @Override public int ipHeaderOffset() { return ETH; }
    @Override public int ipHeaderLength() { return ipHeaderLength; }
    @Override public int srcAddrOffset() { return ETH + 12; }
    @Override public int dstAddrOffset() { return ETH + 16; }
    @Override public int ipProto() { return proto; }
    @Override public int ttl() { return ttl; }
    @Override public int ipId() { return ipId; }
    @Override public int ipFlags() { return ipFlags; }
    @Override public int fragOffset() { return fragOffset; }
    @Override public int tos() { return tos; }
    @Override public long ipOptions() { return ipOptions; }
    @Override public int l4HeaderOffset() { return ETH + ipHeaderLength; }
    @Override public int l4HeaderLength() { return l4Length; }
    @Override public int srcPort() { return srcPort; }
    @Override public int dstPort() { return dstPort; }
    @Override public int tcpFlags() { return tcpFlags; }
    @Override public long tcpSeq() { return seq; }
    @Override public long tcpAck() { return ack; }
    @Override public int tcpWindow() { return window; }
    @Override public int tcpMss() { return mss; }
    @Override public int icmpType() { return icmpType; }
    @Override public int icmpCode() { return icmpCode; }
    @Override public int icmpId() { return icmpId; }
    @Override public int icmpSeq() { return icmpSeq; }
    @Override public int payloadOffset() { return ETH + ipHeaderLength + l4Length; }
    @Override public int payloadLength() { return payloadLength; }
    @Override public int vlanCount() { return vlans.length; }
    @Override public int vlanId(int i) { return vlans[i]; }
    @Override public boolean hasDecodeEvents() { return decodeEvent != null; }
    @Override public long icmpv6Mtu() { return icmpv6Mtu; }
    @Override public boolean hasDecodeEvent(String name) { return name.equals(decodeEvent); }
    @Override public boolean defragmented() { return defragmented; }
}
