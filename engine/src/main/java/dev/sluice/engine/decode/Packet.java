package dev.sluice.engine.decode;

import dev.sluice.capture.Frame;
import dev.sluice.signatures.match.PacketView;

/**
 * A decoded packet as a flyweight over its {@link Frame}: decoders record offsets and header fields
 * here and never copy the bytes. One instance per worker, reset for every frame.
 */
public final class Packet implements PacketView {
    /** The frame this packet reads; its {@code data} array is the packet's bytes. */
    public Frame frame;
    /** 1-based number of the packet in its source (pcap_cnt). */
    public long number;

    // ---- link layer ----
    public int vlanCount;
    public final int[] vlanIds = new int[3];

    // ---- IP layer ----
    public int ipVersion;
    public int ipOffset;
    /** IPv4 header length with options; IPv6 fixed header plus the extension headers walked. */
    public int ipHeaderLength;
    /** Bytes of the IP packet as its length field says, clipped to what was captured. */
    public int ipTotalLength;
    public int srcAddrOffset;
    public int dstAddrOffset;
    public int ipProto;
    public int ttl;
    public int ipId;
    public int ipFlags;
    public int fragOffset;
    public int tos;
    public long ipOptions;
    /** True for a fragment (MF set or offset non-zero; IPv6 fragment header). */
    public boolean fragment;
    public boolean ipChecksumBad;
    /**
     * IPv6: offset of the fragment extension header, 0 when there is none. The fragment's data
     * starts 8 bytes after it and ends at {@code ipOffset + ipTotalLength}.
     */
    public int fragHeaderOffset;

    // ---- transport ----
    public int l4Offset;
    public int l4HeaderLength;
    public int srcPort;
    public int dstPort;
    public int tcpFlags;
    public long tcpSeq;
    public long tcpAck;
    public int tcpWindow;
    public int tcpMss = -1;
    public int tcpWscale = -1;
    public boolean tcpSackPermitted;
    /** TCP timestamps option (kind 8): present, TSval and TSecr (unsigned 32-bit). */
    public boolean tcpHasTimestamps;
    public long tcpTsVal;
    public long tcpTsEcr;
    /** TCP SACK option (kind 5): offset of the first 8-byte block and the block count (0 = none). */
    public int tcpSackOffset;
    public int tcpSackBlocks;
    public int icmpType = -1;
    public int icmpCode = -1;
    public int icmpId = -1;
    public int icmpSeq = -1;
    public boolean l4ChecksumBad;

    // ---- payload ----
    public int payloadOffset;
    public int payloadLength;

    /** Decode events raised for this packet, a bit set of {@link DecodeEvent} ordinals. */
    public long events;

    /** True when this packet was rebuilt from IP fragments (set by the defragmenter). */
    public boolean defragmented;

    /** Clears everything decoders set, before decoding the next frame. */
    public void reset(Frame f, long number) {
        this.frame = f;
        this.number = number;
        vlanCount = 0;
        ipVersion = 0;
        ipOffset = 0;
        ipHeaderLength = 0;
        ipTotalLength = 0;
        srcAddrOffset = 0;
        dstAddrOffset = 0;
        ipProto = -1;
        ttl = 0;
        ipId = 0;
        ipFlags = 0;
        fragOffset = 0;
        tos = 0;
        ipOptions = 0;
        fragment = false;
        ipChecksumBad = false;
        fragHeaderOffset = 0;
        l4Offset = 0;
        l4HeaderLength = 0;
        srcPort = 0;
        dstPort = 0;
        tcpFlags = 0;
        tcpSeq = 0;
        tcpAck = 0;
        tcpWindow = 0;
        tcpMss = -1;
        tcpWscale = -1;
        tcpSackPermitted = false;
        tcpHasTimestamps = false;
        tcpTsVal = 0;
        tcpTsEcr = 0;
        tcpSackOffset = 0;
        tcpSackBlocks = 0;
        icmpType = -1;
        icmpCode = -1;
        icmpId = -1;
        icmpSeq = -1;
        l4ChecksumBad = false;
        payloadOffset = 0;
        payloadLength = 0;
        events = 0;
        defragmented = false;
    }

    public void event(DecodeEvent e) {
        events |= 1L << e.ordinal();
    }

    public boolean hasEvent(DecodeEvent e) {
        return (events & (1L << e.ordinal())) != 0;
    }

    public boolean isTcp() {
        return ipProto == IPPROTO_TCP && l4HeaderLength > 0;
    }

    public boolean isUdp() {
        return ipProto == IPPROTO_UDP && l4HeaderLength > 0;
    }

    public long tsSeconds() {
        return frame.tsSeconds;
    }

    public int tsNanos() {
        return frame.tsNanos;
    }

    // ---- PacketView ----
    @Override public byte[] data() { return frame.data; }
    @Override public int ipVersion() { return ipVersion; }
    @Override public int ipHeaderOffset() { return ipOffset; }
    @Override public int ipHeaderLength() { return ipHeaderLength; }
    @Override public int srcAddrOffset() { return srcAddrOffset; }
    @Override public int dstAddrOffset() { return dstAddrOffset; }
    @Override public int ipProto() { return ipProto; }
    @Override public int ttl() { return ttl; }
    @Override public int ipId() { return ipId; }
    @Override public int ipFlags() { return ipFlags; }
    @Override public int fragOffset() { return fragOffset; }
    @Override public int tos() { return tos; }
    @Override public long ipOptions() { return ipOptions; }
    @Override public int l4HeaderOffset() { return l4Offset; }
    @Override public int l4HeaderLength() { return l4HeaderLength; }
    @Override public int srcPort() { return srcPort; }
    @Override public int dstPort() { return dstPort; }
    @Override public int tcpFlags() { return tcpFlags; }
    @Override public long tcpSeq() { return tcpSeq; }
    @Override public long tcpAck() { return tcpAck; }
    @Override public int tcpWindow() { return tcpWindow; }
    @Override public int tcpMss() { return tcpMss; }
    @Override public int icmpType() { return icmpType; }
    @Override public int icmpCode() { return icmpCode; }
    @Override public int icmpId() { return icmpId; }
    @Override public int icmpSeq() { return icmpSeq; }
    @Override public int payloadOffset() { return payloadOffset; }
    @Override public int payloadLength() { return payloadLength; }
    @Override public int vlanCount() { return vlanCount; }
    @Override public int vlanId(int i) { return i < vlanCount ? vlanIds[i] : -1; }
    @Override public boolean hasDecodeEvents() { return events != 0; }
    @Override public boolean defragmented() { return defragmented; }

    @Override
    public boolean hasDecodeEvent(String name) {
        // Rare (decode-event rules only): a map lookup per call is acceptable here.
        DecodeEvent e = DecodeEvent.bySuricataName(name);
        return e != null && hasEvent(e);
    }

    @Override
    public long icmpv6Mtu() {
        // Packet Too Big (type 2) carries the MTU in the 4 bytes after type, code and checksum.
        if (ipProto != IPPROTO_ICMPV6 || icmpType != 2 || l4HeaderLength < 8 || l4Offset + 8 > frame.length) {
            return -1;
        }
        return Bytes.u32(frame.data, l4Offset + 4);
    }
}
