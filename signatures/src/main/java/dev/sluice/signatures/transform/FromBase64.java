package dev.sluice.signatures.transform;

import dev.sluice.signatures.RuleException;

/**
 * from_base64[:bytes N, offset N, mode M]: the buffer becomes the base64 decoding of its bytes from
 * {@code offset}, at most {@code bytes} of them (0: to the end). Modes: rfc4648 (default) stops at
 * the first byte outside the alphabet, rfc2045 (and relax) skips such bytes, strict fails on them.
 * Decoding stops at '='. When the offset lies past the buffer or nothing decodes, the buffer passes
 * on unchanged.
 */
public final class FromBase64 implements BufferTransform {
    /** How bytes outside the base64 alphabet are treated. */
    public enum Mode { RFC4648, RFC2045, STRICT }

    private static final byte[] VALUE = new byte[256];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < a.length(); i++) {
            VALUE[a.charAt(i)] = (byte) i;
        }
    }

    private final int bytes;
    private final int offset;
    private final Mode mode;

    public FromBase64(int bytes, int offset, Mode mode) {
        this.bytes = bytes;
        this.offset = offset;
        this.mode = mode;
    }

    /** Parses the keyword value: null or "bytes N, offset N, mode M" in any order, each optional. */
    public static FromBase64 parse(String value) throws RuleException {
        int bytes = 0;
        int offset = 0;
        Mode mode = Mode.RFC4648;
        if (value != null && !value.isBlank()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String part : value.split(",")) {
                String[] kv = part.trim().split("\\s+");
                if (kv.length != 2) {
                    throw new RuleException("from_base64: bad option '" + part.trim() + "'");
                }
                if (!seen.add(kv[0])) {
                    throw new RuleException("from_base64: " + kv[0] + " given twice");
                }
                switch (kv[0]) {
                    case "bytes":
                        bytes = number(kv[0], kv[1]);
                        break;
                    case "offset":
                        offset = number(kv[0], kv[1]);
                        break;
                    case "mode":
                        switch (kv[1].toLowerCase(java.util.Locale.ROOT)) {
                            case "rfc4648": mode = Mode.RFC4648; break;
                            case "rfc2045": case "relax": mode = Mode.RFC2045; break;
                            case "strict": mode = Mode.STRICT; break;
                            default: throw new RuleException("from_base64: unknown mode '" + kv[1] + "'");
                        }
                        break;
                    default:
                        throw new RuleException("from_base64: unknown option '" + kv[0] + "'");
                }
            }
        }
        return new FromBase64(bytes, offset, mode);
    }

    /** Thrown for a byte_extract variable name, so that the keyword can park the rule instead. */
    public static final class VariableValue extends RuleException {
        VariableValue(String option) {
            super("from_base64 with a variable " + option + " not implemented yet");
        }
    }

    private static int number(String option, String v) throws RuleException {
        if (!v.chars().allMatch(Character::isDigit)) {
            if (Character.isLetter(v.charAt(0))) {
                throw new VariableValue(option);
            }
            throw new RuleException("from_base64: bad " + option + " '" + v + "'");
        }
        long n = v.length() > 6 ? Long.MAX_VALUE : Long.parseLong(v);
        if (n > 65535) {
            throw new RuleException("from_base64: " + option + " " + v + " is over 65535");
        }
        return (int) n;
    }

    @Override
    public int maxOutput(int len) {
        return len; // decoding only shrinks; unchanged input is copied
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        int n = offset < len ? decode(in, off + offset, bytes > 0 ? Math.min(bytes, len - offset) : len - offset, out) : 0;
        if (n > 0) {
            return n;
        }
        System.arraycopy(in, off, out, 0, len);
        return len;
    }

    /** Decoded length, 0 when nothing decodes (or strict mode met a byte outside the alphabet). */
    private int decode(byte[] in, int from, int len, byte[] out) {
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (int i = from; i < from + len; i++) {
            int c = in[i] & 0xff;
            if (c == '=') {
                break;
            }
            int v = VALUE[c];
            if (v < 0) {
                if (mode == Mode.RFC2045) {
                    continue;
                }
                if (mode == Mode.STRICT) {
                    return 0;
                }
                break;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (acc >>> bits);
                acc &= (1 << bits) - 1;
            }
        }
        return o;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NONE;
    }

    @Override
    public String toString() {
        return "from_base64:bytes " + bytes + ", offset " + offset + ", mode " + mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
