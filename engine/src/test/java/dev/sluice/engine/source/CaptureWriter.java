package dev.sluice.engine.source;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small pcap and pcapng files in either byte order for source tests. */
final class CaptureWriter {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteOrder order;

    CaptureWriter(ByteOrder order) {
        this.order = order;
    }

    private ByteBuffer buf(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    private void put(ByteBuffer b) {
        out.writeBytes(b.array());
    }

    // ---- classic pcap
    CaptureWriter pcapHeader(int magic, int linkType) {
        put(buf(24).putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(linkType));
        return this;
    }

    CaptureWriter pcapRecord(long sec, long sub, byte[] data, int origLen) {
        put(buf(16).putInt((int) sec).putInt((int) sub).putInt(data.length).putInt(origLen));
        out.writeBytes(data);
        return this;
    }

    // ---- pcapng
    CaptureWriter shb() {
        put(buf(28).putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1)
                .putShort((short) 0).putLong(-1));
        return this;
    }

    /** Interface with optional if_tsresol ({@code tsresol < 0}: none) and if_tsoffset. */
    CaptureWriter idb(int linkType, int tsresol, long tsoffset) {
        int opts = (tsresol >= 0 ? 8 : 0) + (tsoffset != 0 ? 12 : 0) + 4;
        int len = 20 + opts;
        ByteBuffer b = buf(len).putInt(1).putInt(len).putShort((short) linkType).putShort((short) 0)
                .putInt(0);
        if (tsresol >= 0) {
            b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        if (tsoffset != 0) {
            b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
        }
        b.putInt(0).putInt(len);
        put(b);
        return this;
    }

    CaptureWriter epb(int iface, long ts, byte[] data, int origLen) {
        int pad = (4 - data.length % 4) % 4;
        // One comment option (code 1) to prove options are skipped.
        int len = 32 + data.length + pad + 12;
        ByteBuffer b = buf(len).putInt(6).putInt(len).putInt(iface).putInt((int) (ts >>> 32))
                .putInt((int) ts).putInt(data.length).putInt(origLen).put(data).put(new byte[pad]);
        b.putShort((short) 1).putShort((short) 3).put(new byte[] {'h', 'i', '!', 0}).putInt(0);
        b.putInt(len);
        put(b);
        return this;
    }

    CaptureWriter spb(byte[] data, int origLen) {
        int pad = (4 - data.length % 4) % 4;
        int len = 16 + data.length + pad;
        put(buf(len).putInt(3).putInt(len).putInt(origLen).put(data).put(new byte[pad]).putInt(len));
        return this;
    }

    CaptureWriter obsoletePb(int iface, long ts, byte[] data) {
        int pad = (4 - data.length % 4) % 4;
        int len = 32 + data.length + pad;
        put(buf(len).putInt(2).putInt(len).putShort((short) iface).putShort((short) 0)
                .putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(data.length)
                .put(data).put(new byte[pad]).putInt(len));
        return this;
    }

    /** A block of a type the reader does not know (here a name resolution block). */
    CaptureWriter otherBlock(int type, int bodyLen) {
        int len = 12 + bodyLen;
        put(buf(len).putInt(type).putInt(len).put(new byte[bodyLen]).putInt(len));
        return this;
    }

    CaptureWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
