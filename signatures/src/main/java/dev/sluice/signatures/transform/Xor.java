package dev.sluice.signatures.transform;

import dev.sluice.signatures.RuleException;

/**
 * xor:"hexkey": each byte is xor-ed with the key, the key repeating from the buffer's start. The
 * key is 1 to 255 bytes written as an even number of hex digits, quoted.
 */
public final class Xor implements BufferTransform {
    private final byte[] key;

    public Xor(byte[] key) {
        this.key = key.clone();
    }

    /** Parses the keyword value (quotes included). */
    public static Xor parse(String value) throws RuleException {
        String v = value.trim();
        if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
            throw new RuleException("xor: the key must be quoted hex, like xor:\"0d0ac8ff\"");
        }
        String hex = v.substring(1, v.length() - 1);
        if (hex.isEmpty() || hex.length() % 2 != 0) {
            throw new RuleException("xor: the key needs an even, non-zero number of hex digits");
        }
        if (hex.length() / 2 > 255) {
            throw new RuleException("xor: key longer than 255 bytes");
        }
        byte[] k = new byte[hex.length() / 2];
        for (int i = 0; i < k.length; i++) {
            int hi = UrlDecode.hex((byte) hex.charAt(2 * i));
            int lo = UrlDecode.hex((byte) hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0 || hex.charAt(2 * i) > 0x7f || hex.charAt(2 * i + 1) > 0x7f) {
                throw new RuleException("xor: '" + hex + "' is not hex");
            }
            k[i] = (byte) (hi << 4 | lo);
        }
        return new Xor(k);
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        for (int i = 0; i < len; i++) {
            out[i] = (byte) (in[off + i] ^ key[i % key.length]);
        }
        return len;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NONE;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("xor:\"");
        for (byte b : key) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.append('"').toString();
    }
}
