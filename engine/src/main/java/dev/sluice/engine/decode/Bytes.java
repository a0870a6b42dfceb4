package dev.sluice.engine.decode;

/** Big-endian reads from a byte array. Callers bounds-check first; these do not. */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] d, int off) {
        return d[off] & 0xff;
    }

    static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    static long u32(byte[] d, int off) {
        return ((long) (d[off] & 0xff) << 24) | ((d[off + 1] & 0xff) << 16)
                | ((d[off + 2] & 0xff) << 8) | (d[off + 3] & 0xff);
    }

    static int s32(byte[] d, int off) {
        return ((d[off] & 0xff) << 24) | ((d[off + 1] & 0xff) << 16)
                | ((d[off + 2] & 0xff) << 8) | (d[off + 3] & 0xff);
    }
}
