package dev.sluice.signatures.mpm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hyperscan and the Java matcher must report the same ids for every pattern set and input, since
 * the engine gives identical alerts whichever one runs. Randomised but reproducible: every round
 * has its own seed, printed on failure, and {@code -Dsluice.mpm.round=SEED} runs that round alone;
 * {@code -Dsluice.mpm.seed=N} changes the base seed and {@code -Dsluice.mpm.rounds=N} the number of
 * pattern sets (e.g. {@code mvn -o -pl signatures test -Dtest=MatcherAgreementTest -Dsluice.mpm.seed=7}).
 */
class MatcherAgreementTest {

    private static final long BASE_SEED = Long.getLong("sluice.mpm.seed", 0x5100CE1L);
    private static final int SETS = Integer.getInteger("sluice.mpm.rounds", 120);
    private static final Long ONE_ROUND = Long.getLong("sluice.mpm.round");
    private static final int INPUTS_PER_SET = 5;

    /** Alphabets: every byte value; a handful of bytes (matches everywhere); letters of both cases. */
    private static final byte[] ALL = new byte[256];
    private static final byte[] SMALL = {'a', 'b', 'A', 'B', 0, (byte) 0xff, '.', '\\'};
    private static final byte[] LETTERS = "abcdefABCDEF".getBytes();

    static {
        for (int i = 0; i < 256; i++) {
            ALL[i] = (byte) i;
        }
    }

    @BeforeAll
    static void hyperscanRunsHere() {
        assertTrue(Hyperscan.available(), () -> "Hyperscan unavailable: " + Hyperscan.unavailableReason());
    }

    @Test
    void hyperscanAndJavaReportTheSameIdsOnRandomSetsAndInputs() {
        if (ONE_ROUND != null) {
            new Round(ONE_ROUND).run();
            return;
        }
        int compared = 0;
        long hits = 0;
        for (int set = 0; set < SETS; set++) {
            long seed = BASE_SEED * 1_000_003L + set;
            Round r = new Round(seed);
            hits += r.run();
            compared += INPUTS_PER_SET;
        }
        assertTrue(compared >= 500, "several hundred comparisons");
        // Inputs are built to contain literals: without hits the comparison would prove little.
        assertTrue(hits > compared * 5L, "too few hits to mean anything: " + hits);
    }

    /**
     * The shapes most at risk, fixed: nested and overlapping literals, one literal under two ids, the
     * same bytes case-sensitive and nocase, NUL and high bytes (0xdf/0xc0 must not fold). A
     * disagreement the random rounds find goes here as a regression case.
     */
    @Test
    void agreesOnNestedPrefixSuffixAndDuplicateLiterals() {
        byte[][] lits = {
                "a".getBytes(), "aa".getBytes(), "aaa".getBytes(), "Aa".getBytes(), "aA".getBytes(),
                "ab".getBytes(), "bab".getBytes(), "abab".getBytes(), "b".getBytes(), "ab".getBytes(),
                {0}, {0, 0}, {(byte) 0xff, 0}, {(byte) 0xdf}, {(byte) 0xc0}};
        boolean[] nocase = {false, true, false, false, true, true, false, true, false, false,
                false, true, false, true, true};
        int[] ids = {0, 1, 2, 3, 4, 5, 6, 7, 8, 5, 9, 10, 11, 12, 13};
        byte[][] inputs = {
                "aAaA".getBytes(), "bAbAb".getBytes(), "AB".getBytes(), {}, {0},
                {(byte) 0xff, 0, 0, (byte) 0xff}, {(byte) 0xff, (byte) 0xdf, (byte) 0xe0, (byte) 0xc0},
                "xxababxx".getBytes()};
        compare(ids, lits, nocase, inputs, "fixed set");
    }

    /** One random pattern set and several inputs; returns the number of ids found. */
    private static final class Round {
        final long seed;
        final Random rnd;
        final byte[] alphabet;
        final int[] ids;
        final byte[][] lits;
        final boolean[] nocase;

        Round(long seed) {
            this.seed = seed;
            this.rnd = new Random(seed);
            alphabet = switch (rnd.nextInt(3)) {
                case 0 -> ALL;
                case 1 -> SMALL;
                default -> LETTERS;
            };
            // Mostly small sets, now and then up to 2000 literals.
            double u = rnd.nextDouble();
            int n = 1 + (int) (u * u * u * 2000);
            int nocaseMode = rnd.nextInt(3); // none, all, mixed
            boolean sharedIds = rnd.nextInt(4) == 0;
            ids = new int[n];
            lits = new byte[n][];
            nocase = new boolean[n];
            for (int i = 0; i < n; i++) {
                ids[i] = sharedIds ? rnd.nextInt(Math.max(1, n / 3)) : i;
                nocase[i] = nocaseMode == 1 || (nocaseMode == 2 && rnd.nextBoolean());
                lits[i] = i == 0 ? randomLiteral() : derived(i);
            }
        }

        private byte[] randomLiteral() {
            // Lengths 1..40, short ones likelier.
            double u = rnd.nextDouble();
            return bytes(1 + (int) (u * u * 40));
        }

        /** A fresh literal, or one related to an earlier one: equal, prefix, suffix, extension, case flip. */
        private byte[] derived(int i) {
            byte[] prev = lits[rnd.nextInt(i)];
            switch (rnd.nextInt(8)) {
                case 0:
                    return prev.clone();
                case 1:
                    return Arrays.copyOf(prev, 1 + rnd.nextInt(prev.length));
                case 2:
                    return Arrays.copyOfRange(prev, rnd.nextInt(prev.length), prev.length);
                case 3: {
                    byte[] more = bytes(1 + rnd.nextInt(Math.max(1, 40 - prev.length)));
                    byte[] out = rnd.nextBoolean() ? concat(prev, more) : concat(more, prev);
                    return out.length > 40 ? Arrays.copyOf(out, 40) : out;
                }
                case 4:
                    return flipCase(prev, 2);
                default:
                    return randomLiteral();
            }
        }

        private byte[] bytes(int len) {
            byte[] out = new byte[len];
            for (int j = 0; j < len; j++) {
                out[j] = alphabet[rnd.nextInt(alphabet.length)];
            }
            return out;
        }

        private byte[] flipCase(byte[] p, int oneIn) {
            byte[] q = p.clone();
            for (int j = 0; j < q.length; j++) {
                int c = q[j] & 0xff;
                if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && rnd.nextInt(oneIn) == 0) {
                    q[j] ^= 0x20;
                }
            }
            return q;
        }

        /** Input of 0..70000 bytes with literals (some case-flipped, some cut short) spliced in. */
        private byte[] input() {
            int len = switch (rnd.nextInt(10)) {
                case 0 -> rnd.nextInt(4);
                case 1 -> 20_000 + rnd.nextInt(50_001);
                default -> rnd.nextInt(3000);
            };
            byte[] buf = bytes(len);
            int splices = len == 0 ? 0 : rnd.nextInt(1 + Math.min(200, len / 8));
            for (int k = 0; k < splices; k++) {
                byte[] p = lits[rnd.nextInt(lits.length)];
                if (rnd.nextBoolean()) {
                    p = flipCase(p, 3);
                }
                if (rnd.nextInt(5) == 0) {
                    p = Arrays.copyOf(p, Math.max(1, p.length - 1)); // near miss
                }
                int at;
                switch (rnd.nextInt(6)) {
                    case 0 -> at = 0;
                    case 1 -> at = len - p.length;
                    default -> at = rnd.nextInt(Math.max(1, len - p.length + 1));
                }
                at = Math.max(0, at);
                System.arraycopy(p, 0, buf, at, Math.min(p.length, len - at));
            }
            return buf;
        }

        long run() {
            byte[][] inputs = new byte[INPUTS_PER_SET][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = input();
            }
            return compare(ids, lits, nocase, inputs, "round seed " + seed + " (rerun it alone with -Dsluice.mpm.round="
                    + seed + ")");
        }
    }

    /**
     * Scans every input with both matchers (whole, and as an inner slice whose neighbours hold
     * literal bytes) and fails with the disagreement; small cases are also checked by brute force.
     */
    private static long compare(int[] ids, byte[][] lits, boolean[] nocase, byte[][] inputs, String where) {
        MpmBuilder b = new MpmBuilder();
        for (int i = 0; i < ids.length; i++) {
            b.add(ids[i], lits[i], nocase[i]);
        }
        long hits = 0;
        try (MultiPatternMatcher hs = b.build("hyperscan"); MultiPatternMatcher java = b.build("java");
             Scanner hsScan = hs.newScanner(); Scanner javaScan = java.newScanner()) {
            for (int i = 0; i < inputs.length; i++) {
                byte[] in = inputs[i];
                int cut = Math.min(in.length / 2, 1 + in.length / 50);
                for (int[] slice : new int[][] {{0, in.length}, {cut, in.length - 2 * cut}}) {
                    int[] h = MpmTestSupport.found(hsScan, in, slice[0], slice[1]);
                    int[] j = MpmTestSupport.found(javaScan, in, slice[0], slice[1]);
                    hits += h.length;
                    int[] naive = (long) ids.length * slice[1] <= 400_000
                            ? MpmTestSupport.naive(ids, lits, nocase, in, slice[0], slice[1]) : null;
                    if (!Arrays.equals(h, j) || (naive != null && !Arrays.equals(naive, h))) {
                        fail(where + ", input " + i + " (" + in.length + " bytes, slice " + slice[0] + "+"
                                + slice[1] + ", " + ids.length + " literals): hyperscan " + diff(h, j)
                                + " java" + (naive == null ? "" : "; naive " + Arrays.toString(naive))
                                + describe(ids, lits, nocase, h, j));
                    }
                }
            }
        }
        return hits;
    }

    /** The ids only one side found. */
    private static String diff(int[] h, int[] j) {
        List<Integer> onlyH = new ArrayList<>();
        List<Integer> onlyJ = new ArrayList<>();
        for (int x : h) {
            if (Arrays.binarySearch(j, x) < 0) {
                onlyH.add(x);
            }
        }
        for (int x : j) {
            if (Arrays.binarySearch(h, x) < 0) {
                onlyJ.add(x);
            }
        }
        return "only " + onlyH + " vs only " + onlyJ + " in";
    }

    /** The literals behind the disputed ids, in hex. */
    private static String describe(int[] ids, byte[][] lits, boolean[] nocase, int[] h, int[] j) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.length && sb.length() < 2000; i++) {
            boolean inH = Arrays.binarySearch(h, ids[i]) >= 0;
            boolean inJ = Arrays.binarySearch(j, ids[i]) >= 0;
            if (inH != inJ) {
                sb.append("; id ").append(ids[i]).append(nocase[i] ? " nocase " : " ").append(hex(lits[i]));
            }
        }
        return sb.toString();
    }

    private static String hex(byte[] p) {
        StringBuilder sb = new StringBuilder("|");
        for (byte x : p) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.append('|').toString();
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }
}
