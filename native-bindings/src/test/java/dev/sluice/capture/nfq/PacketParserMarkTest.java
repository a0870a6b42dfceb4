package dev.sluice.capture.nfq;

import dev.sluice.capture.Frame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.sluice.capture.nfq.NfqWire.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The packet's nfmark (NFQA_MARK, sent by the kernel only when it is not 0) lands in {@link Frame#mark}. */
class PacketParserMarkTest {
    private final ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final PacketParser parser = new PacketParser();
    private final Frame frame = new Frame();

    /** A packet message with id 7, a 4-byte payload and, when {@code mark} is not null, a mark attribute. */
    private int message(Integer mark) {
        b.clear();
        b.put(new byte[256]);
        b.putShort(OFF_TYPE, (short) TYPE_PACKET);
        int at = OFF_ATTRS;
        b.putShort(at, (short) (NLA_HDRLEN + 7));
        b.putShort(at + 2, (short) NFQA_PACKET_HDR);
        b.order(ByteOrder.BIG_ENDIAN).putInt(at + NLA_HDRLEN, 7).order(ByteOrder.nativeOrder());
        at += align4(NLA_HDRLEN + 7);
        if (mark != null) {
            b.putShort(at, (short) (NLA_HDRLEN + 4));
            b.putShort(at + 2, (short) NFQA_MARK);
            b.order(ByteOrder.BIG_ENDIAN).putInt(at + NLA_HDRLEN, mark).order(ByteOrder.nativeOrder());
            at += NLA_HDRLEN + 4;
        }
        b.putShort(at, (short) (NLA_HDRLEN + 4));
        b.putShort(at + 2, (short) NFQA_PAYLOAD);
        b.put(at + NLA_HDRLEN, (byte) 0x45);
        at += NLA_HDRLEN + 4;
        b.putInt(OFF_LEN, at);
        return at;
    }

    @Test
    void readsTheMarkBigEndian() {
        int len = message(0x805e1ce0);
        assertEquals(PacketParser.PACKET, parser.parse(b, 0, len, frame));
        assertEquals(0x805e1ce0, frame.mark);
        assertEquals(7, frame.id);
    }

    @Test
    void anUnmarkedPacketAfterAMarkedOneHasMarkZero() {
        parser.parse(b, 0, message(0x5e1ce), frame);
        assertEquals(0x5e1ce, frame.mark);
        assertEquals(PacketParser.PACKET, parser.parse(b, 0, message(null), frame));
        assertEquals(0, frame.mark);
    }
}
