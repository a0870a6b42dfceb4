package dev.sluice.signatures.mpm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;

/** Helpers shared by the prefilter tests: a naive reference search and random pattern sets. */
final class MpmTestSupport {

    private MpmTestSupport() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The ids a scan reported, sorted. */
    static int[] found(Scanner s, byte[] buf) {
        return found(s, buf, 0, buf.length);
    }

    static int[] found(Scanner s, byte[] buf, int off, int len) {
        int n = s.scan(buf, off, len);
        int[] ids = Arrays.copyOf(s.hits(), n);
        Arrays.sort(ids);
        return ids;
    }

    /** Ids whose literal occurs in buf[off, off+len), by brute force. */
    static int[] naive(int[] ids, byte[][] lits, boolean[] nocase, byte[] buf, int off, int len) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int i = 0; i < ids.length; i++) {
            if (!out.contains(ids[i]) && contains(buf, off, len, lits[i], nocase[i])) {
                out.add(ids[i]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static boolean contains(byte[] buf, int off, int len, byte[] p, boolean nocase) {
        for (int i = off, last = off + len - p.length; i <= last; i++) {
            int j = 0;
            while (j < p.length && same(buf[i + j], p[j], nocase)) {
                j++;
            }
            if (j == p.length) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(byte a, byte b, boolean nocase) {
        if (a == b) {
            return true;
        }
        return nocase && lower(a) == lower(b);
    }

    private static int lower(byte x) {
        int v = x & 0xff;
        return v >= 'A' && v <= 'Z' ? v + 32 : v;
    }

    /** A random literal set over a small alphabet (so matches happen) including NUL, 0xff and metacharacters. */
    static final class RandomSet {
        static final byte[] ALPHABET = {'a', 'b', 'c', 'A', 'B', 'C', 0, (byte) 0xff, '.', '*', '\\', 'x'};
        final int[] ids;
        final byte[][] lits;
        final boolean[] nocase;

        RandomSet(Random rnd, int n) {
            ids = new int[n];
            lits = new byte[n][];
            nocase = new boolean[n];
            for (int i = 0; i < n; i++) {
                ids[i] = i;
                // A few very short literals (they match almost everywhere), mostly 4..10 bytes.
                int len = rnd.nextInt(100) == 0 ? 1 + rnd.nextInt(3) : 4 + rnd.nextInt(7);
                lits[i] = randomBytes(rnd, len);
                nocase[i] = rnd.nextBoolean();
            }
        }

        MpmBuilder builder() {
            MpmBuilder b = new MpmBuilder();
            for (int i = 0; i < ids.length; i++) {
                b.add(ids[i], lits[i], nocase[i]);
            }
            return b;
        }

        /** Random input with a few literals planted, their case flipped at random. */
        byte[] input(Random rnd, int len) {
            byte[] buf = randomBytes(rnd, len);
            for (int k = 0; k < 8; k++) {
                byte[] p = lits[rnd.nextInt(lits.length)].clone();
                for (int j = 0; j < p.length; j++) {
                    if (rnd.nextInt(4) == 0 && Character.isLetter(p[j])) {
                        p[j] ^= 0x20;
                    }
                }
                if (p.length <= len) {
                    System.arraycopy(p, 0, buf, rnd.nextInt(len - p.length + 1), p.length);
                }
            }
            return buf;
        }

        int[] naive(byte[] buf, int off, int len) {
            return MpmTestSupport.naive(ids, lits, nocase, buf, off, len);
        }

        static byte[] randomBytes(Random rnd, int len) {
            byte[] out = new byte[len];
            for (int j = 0; j < len; j++) {
                out[j] = ALPHABET[rnd.nextInt(ALPHABET.length)];
            }
            return out;
        }
    }
}
