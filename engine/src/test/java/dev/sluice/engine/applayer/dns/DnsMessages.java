package dev.sluice.engine.applayer.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds DNS messages for tests: header, questions in plain labels, raw tails. */
public final class DnsMessages {
    private DnsMessages() {
    }

    /** Labels of a dotted name, ending with the root label. */
    public static byte[] name(String dotted) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        if (!dotted.isEmpty()) {
            for (String l : dotted.split("\\.")) {
                o.write(l.length());
                o.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
            }
        }
        o.write(0);
        return o.toByteArray();
    }

    public static byte[] header(int id, int flags, int qd, int an, int ns, int ar) {
        return new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags,
            0, (byte) qd, 0, (byte) an, 0, (byte) ns, 0, (byte) ar};
    }

    /** A standard query (RD set) for one name and type. */
    public static byte[] query(int id, String name, int type) {
        return cat(header(id, 0x0100, 1, 0, 0, 0), name(name), new byte[] {0, (byte) type, 0, 1});
    }

    /** A response to {@link #query}: the question, then one A record whose name points at it. */
    public static byte[] responseA(int id, String name, int a, int b, int c, int d) {
        return cat(header(id, 0x8180, 1, 1, 0, 0), name(name), new byte[] {0, 1, 0, 1},
                new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, (byte) a, (byte) b, (byte) c, (byte) d});
    }

    /** The message with its 2-byte TCP length prefix. */
    public static byte[] tcp(byte[] msg) {
        return cat(new byte[] {(byte) (msg.length >> 8), (byte) msg.length}, msg);
    }

    public static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
