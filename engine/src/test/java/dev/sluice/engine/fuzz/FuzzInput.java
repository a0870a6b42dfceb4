package dev.sluice.engine.fuzz;

import java.util.Arrays;

/**
 * Reads a fuzz input from front to back: small integers, flags and byte runs. Past the end every
 * read returns zeros (and empty runs), so any input, however short, is a valid program for a fuzz
 * target; {@link #exhausted()} tells the target to stop. Not thread-safe.
 */
public final class FuzzInput {
    private final byte[] data;
    private int pos;

    public FuzzInput(byte[] data) {
        this.data = data == null ? new byte[0] : data;
    }

    /** True once every byte was read. */
    public boolean exhausted() {
        return pos >= data.length;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return Math.max(0, data.length - pos);
    }

    /** The next byte, unsigned; 0 past the end. */
    public int u8() {
        return pos < data.length ? data[pos++] & 0xff : 0;
    }

    /** The next two bytes, big-endian; 0 past the end. */
    public int u16() {
        return (u8() << 8) | u8();
    }

    /** The next four bytes, big-endian, as an unsigned value. */
    public long u32() {
        return ((long) u16() << 16) | u16();
    }

    /** The next byte's low bit. */
    public boolean bool() {
        return (u8() & 1) != 0;
    }

    /** A value in {@code [lo, hi]} taken from the next byte (hi - lo below 256) or two bytes. */
    public int range(int lo, int hi) {
        int span = hi - lo + 1;
        int v = span <= 256 ? u8() : u16();
        return lo + Math.floorMod(v, span);
    }

    /** One of {@code values}, chosen by the next byte. */
    @SafeVarargs
    public final <T> T pick(T... values) {
        return values[u8() % values.length];
    }

    /** The next {@code n} bytes (fewer past the end). */
    public byte[] bytes(int n) {
        int k = Math.max(0, Math.min(n, remaining()));
        byte[] b = Arrays.copyOfRange(data, pos, pos + k);
        pos += k;
        return b;
    }

    /** Everything not read yet. */
    public byte[] rest() {
        return bytes(remaining());
    }
}
