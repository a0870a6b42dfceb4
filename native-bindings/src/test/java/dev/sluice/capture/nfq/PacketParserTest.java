package dev.sluice.capture.nfq;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.sluice.capture.nfq.NfqWire.*;
import static org.junit.jupiter.api.Assertions.*;

class PacketParserTest {
    private final ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
    private final PacketParser parser = new PacketParser();
    private final Frame frame = new Frame();
    private int at;

    /** Starts a message of {@code type} for queue 9. */
    private void header(int type) {
        at = 0;
        b.putShort(OFF_TYPE, (short) type);
        b.put(OFF_FAMILY, (byte) AF_INET);
        putBe16(b, OFF_RES_ID, 9);
        at = OFF_ATTRS;
    }

    private void attr(int type, byte[] value) {
        b.putShort(at, (short) (NLA_HDRLEN + value.length));
        b.putShort(at + 2, (short) type);
        b.put(at + NLA_HDRLEN, value);
        at += align4(NLA_HDRLEN + value.length);
    }

    private int finish() {
        b.putInt(OFF_LEN, at);
        return at;
    }

    private static byte[] be(long v, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }

    private static byte[] packetHdr(long id) {
        byte[] h = new byte[7];
        System.arraycopy(be(id, 4), 0, h, 0, 4);
        h[4] = 0x08;
        h[6] = 1; // NF_INET_LOCAL_IN
        return h;
    }

    @Test
    void readsIdPayloadTimestampAndOriginalLength() {
        header(TYPE_PACKET);
        attr(NFQA_PACKET_HDR, packetHdr(0xfffffffeL));
        byte[] ts = new byte[16];
        System.arraycopy(be(1_700_000_000L, 8), 0, ts, 0, 8);
        System.arraycopy(be(250_000, 8), 0, ts, 8, 8);
        attr(NFQA_TIMESTAMP, ts);
        attr(NFQA_CAP_LEN, be(1500, 4));
        attr(NFQA_PAYLOAD, new byte[]{0x45, 0, 0, 5, 1});
        int len = finish();

        assertEquals(PacketParser.PACKET, parser.parse(b, 0, len, frame));

        assertEquals(0xfffffffeL, frame.id, "ids are unsigned 32-bit");
        assertEquals(9, frame.queue);
        assertEquals(5, frame.length);
        assertEquals(1500, frame.wireLength);
        assertEquals(0x45, frame.data[0]);
        assertEquals(1, frame.data[4]);
        assertEquals(Frame.LINK_RAW, frame.linkType);
        assertEquals(1_700_000_000L, frame.tsSeconds);
        assertEquals(250_000_000, frame.tsNanos);
        assertEquals(1, parser.hook);
        assertFalse(parser.damaged);
    }

    @Test
    void stampsCurrentTimeAndWholeLengthWhenTheKernelGivesNeither() {
        header(TYPE_PACKET);
        attr(NFQA_PACKET_HDR, packetHdr(3));
        attr(NFQA_PAYLOAD, new byte[40]);
        int len = finish();
        long before = System.currentTimeMillis() / 1000;

        assertEquals(PacketParser.PACKET, parser.parse(b, 0, len, frame));

        assertEquals(40, frame.wireLength);
        assertTrue(frame.tsSeconds >= before - 1 && frame.tsSeconds <= before + 2, "ts " + frame.tsSeconds);
    }

    @Test
    void handsOutPacketWithBrokenAttributeAsDamagedSoItStillGetsAVerdict() {
        header(TYPE_PACKET);
        attr(NFQA_PACKET_HDR, packetHdr(77));
        b.putShort(at, (short) 2000); // payload attribute claiming more than the message holds
        b.putShort(at + 2, (short) NFQA_PAYLOAD);
        at += 8;
        int len = finish();

        assertEquals(PacketParser.PACKET, parser.parse(b, 0, len, frame));

        assertEquals(77, frame.id);
        assertEquals(0, frame.length);
        assertTrue(parser.damaged);
    }

    @Test
    void rejectsPacketMessageWithoutPacketHeader() {
        header(TYPE_PACKET);
        attr(NFQA_PAYLOAD, new byte[8]);
        int len = finish();

        assertEquals(PacketParser.MALFORMED, parser.parse(b, 0, len, frame));
    }

    @Test
    void rejectsAttributeShorterThanItsHeader() {
        header(TYPE_PACKET);
        b.putShort(at, (short) 2);
        b.putShort(at + 2, (short) NFQA_PACKET_HDR);
        at += 4;
        int len = finish();

        assertEquals(PacketParser.MALFORMED, parser.parse(b, 0, len, frame));
    }

    @Test
    void reportsKernelErrorForAVerdictAndIgnoresAcks() {
        b.putInt(OFF_LEN, NLMSG_HDRLEN + 4 + NLMSG_HDRLEN);
        b.putShort(OFF_TYPE, (short) NLMSG_ERROR);
        b.putInt(NLMSG_HDRLEN, -2);

        assertEquals(PacketParser.ERROR, parser.parse(b, 0, NLMSG_HDRLEN + 4 + NLMSG_HDRLEN, frame));
        assertEquals(2, parser.errno);

        b.putInt(NLMSG_HDRLEN, 0);
        assertEquals(PacketParser.OTHER, parser.parse(b, 0, NLMSG_HDRLEN + 4 + NLMSG_HDRLEN, frame));
    }

    @Test
    void growsFrameForPayloadLargerThanItsArray() {
        frame.data = new byte[16];
        header(TYPE_PACKET);
        attr(NFQA_PACKET_HDR, packetHdr(1));
        attr(NFQA_PAYLOAD, new byte[1000]);
        int len = finish();

        assertEquals(PacketParser.PACKET, parser.parse(b, 0, len, frame));

        assertEquals(1000, frame.length);
        assertTrue(frame.data.length >= 1000);
    }
}
