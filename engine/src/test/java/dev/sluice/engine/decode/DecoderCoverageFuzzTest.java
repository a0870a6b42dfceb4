package dev.sluice.engine.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.capture.Frame;
import java.util.Arrays;

/**
 * Coverage-guided fuzz target (Jazzer) of the whole decoder stack from the link layer down, for
 * Ethernet, raw IP, raw IPv4 and raw IPv6 captures; {@link DecoderFuzzTest} is its fixed-seed,
 * bit-flipping sibling. Input: one control byte (bits 0-1 link type, bit 2 checksums off, bit 3
 * UDP tunnels off), then the frame. Seeds: {@code DecoderCoverageFuzzTestInputs/} in the test
 * resources.
 */
class DecoderCoverageFuzzTest {
    private static final int[] LINK_TYPES = {Frame.LINK_ETHERNET, Frame.LINK_RAW, Frame.LINK_IPV4, Frame.LINK_IPV6};
    /** Bytes after the frame's length in the second decoding: what an earlier, longer packet left. */
    private static final int GARBAGE_TAIL = 64;

    @FuzzTest
    void decodingAnyFrameStaysInBoundsAndFlagsWhatItRejects(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int ctl = input[0] & 0xff;
        int linkType = LINK_TYPES[ctl & 3];
        Decoder dec = new Decoder(new DecodeOptions((ctl & 4) == 0, (ctl & 8) == 0));
        byte[] frameBytes = Arrays.copyOfRange(input, 1, input.length);
        int len = frameBytes.length;

        Packet exact = decode(dec, linkType, frameBytes.clone(), len);
        assertInBounds(exact, len);
        assertRejectionsAreFlagged(exact, linkType, frameBytes);

        // The same bytes in a larger, dirty array: nothing past frame.length may be read, and the
        // decoder must not write into the frame.
        byte[] dirty = Arrays.copyOf(frameBytes, len + GARBAGE_TAIL);
        Arrays.fill(dirty, len, dirty.length, (byte) 0x45);
        Packet again = decode(dec, linkType, dirty, len);
        assertEquals(summary(exact), summary(again), "decoding read past frame.length");
        assertArrayEquals(frameBytes, Arrays.copyOf(dirty, len), "decoder changed the frame's bytes");
    }

    private static Packet decode(Decoder dec, int linkType, byte[] data, int len) {
        Frame f = new Frame();
        f.data = data;
        f.length = len;
        f.wireLength = len;
        f.linkType = linkType;
        Packet p = new Packet();
        p.reset(f, 1);
        dec.decode(p);
        return p;
    }

    /** Every offset the decoder hands to later stages must lie inside the captured bytes. */
    private static void assertInBounds(Packet p, int len) {
        assertTrue(p.payloadOffset >= 0 && p.payloadLength >= 0 && p.payloadOffset + p.payloadLength <= len,
                "payload [" + p.payloadOffset + "+" + p.payloadLength + "] outside the frame of " + len);
        assertTrue(p.vlanCount >= 0 && p.vlanCount <= p.vlanIds.length, "vlan count " + p.vlanCount);
        assertTrue(p.ipVersion == 0 || p.ipVersion == 4 || p.ipVersion == 6, "ip version " + p.ipVersion);
        if (p.ipVersion != 0) {
            int addr = p.ipVersion == 4 ? 4 : 16;
            int minHeader = p.ipVersion == 4 ? 20 : 40;
            assertTrue(p.ipOffset >= 0 && p.ipOffset + minHeader <= len, "ip header at " + p.ipOffset);
            assertTrue(p.ipHeaderLength >= minHeader || p.ipVersion == 6, "ip header length " + p.ipHeaderLength);
            assertTrue(p.ipOffset + p.ipTotalLength <= len, "ip total length " + p.ipTotalLength + " past the frame");
            assertTrue(p.srcAddrOffset >= 0 && p.srcAddrOffset + addr <= len, "source address at " + p.srcAddrOffset);
            assertTrue(p.dstAddrOffset >= 0 && p.dstAddrOffset + addr <= len, "destination address at " + p.dstAddrOffset);
        }
        assertTrue(p.l4Offset >= 0 && p.l4HeaderLength >= 0 && p.l4Offset + p.l4HeaderLength <= len,
                "l4 header [" + p.l4Offset + "+" + p.l4HeaderLength + "] outside the frame");
        if (p.tcpSackBlocks > 0) {
            assertTrue(p.tcpSackOffset >= 0 && p.tcpSackOffset + 8 * p.tcpSackBlocks <= len, "SACK blocks past the frame");
        }
        assertTrue(p.srcPort >= 0 && p.srcPort <= 0xffff && p.dstPort >= 0 && p.dstPort <= 0xffff, "ports");
    }

    /** A frame whose outermost layer the decoder refused must carry an event saying why. */
    private static void assertRejectionsAreFlagged(Packet p, int linkType, byte[] frame) {
        boolean refused;
        switch (linkType) {
            case Frame.LINK_ETHERNET: {
                if (frame.length < 14) {
                    assertTrue(p.hasEvent(DecodeEvent.LINK_TRUNCATED), "short Ethernet frame without an event");
                }
                int type = frame.length >= 14 ? ((frame[12] & 0xff) << 8) | (frame[13] & 0xff) : -1;
                refused = (type == Decoder.ETHERTYPE_IPV4 || type == Decoder.ETHERTYPE_IPV6) && p.ipVersion == 0;
                break;
            }
            default:
                refused = p.ipVersion == 0;
                break;
        }
        if (refused) {
            assertNotEquals(0L, p.events, "IP layer refused without a decode event");
        }
    }

    private static String summary(Packet p) {
        return "events=" + Long.toHexString(p.events) + " ip=" + p.ipVersion + "@" + p.ipOffset + "/" + p.ipHeaderLength
                + "/" + p.ipTotalLength + " proto=" + p.ipProto + " frag=" + p.fragment + "/" + p.fragOffset
                + " l4=" + p.l4Offset + "/" + p.l4HeaderLength + " ports=" + p.srcPort + ">" + p.dstPort
                + " tcp=" + p.tcpFlags + "/" + p.tcpSeq + "/" + p.tcpAck + " icmp=" + p.icmpType + "/" + p.icmpCode
                + " payload=" + p.payloadOffset + "+" + p.payloadLength + " vlans=" + p.vlanCount
                + " bad=" + p.ipChecksumBad + "/" + p.l4ChecksumBad;
    }
}
