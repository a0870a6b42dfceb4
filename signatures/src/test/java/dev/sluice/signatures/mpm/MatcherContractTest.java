package dev.sluice.signatures.mpm;

import static dev.sluice.signatures.mpm.MpmTestSupport.b;
import static dev.sluice.signatures.mpm.MpmTestSupport.found;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour every prefilter engine must share; each test runs on Hyperscan and on the Java matcher. */
class MatcherContractTest {

    @BeforeAll
    static void hyperscanRunsHere() {
        // This machine and CI are x86-64 with SSSE3: a missing Hyperscan is a broken build, not a skip.
        assertTrue(Hyperscan.available(), () -> "Hyperscan unavailable: " + Hyperscan.unavailableReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void reportsItsAlgorithmAndPatternCount(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("abc"), false).add(1, b("de"), true).build(algo)) {
            assertEquals(algo, m.algorithm());
            assertEquals(2, m.patternCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void matchesBinaryLiteralsByteForByte(String algo) {
        byte[] withNul = {0, 1, 2, 0};
        byte[] high = {(byte) 0xff, (byte) 0x80, (byte) 0xc3, (byte) 0xa9};
        byte[] newline = {'\r', '\n', '\r', '\n'};
        try (MultiPatternMatcher m = new MpmBuilder()
                .add(0, withNul, false).add(1, high, false).add(2, newline, false).build(algo);
             Scanner s = m.newScanner()) {
            assertArrayEquals(new int[] {0}, found(s, new byte[] {9, 0, 1, 2, 0, 9}));
            assertArrayEquals(new int[] {}, found(s, new byte[] {9, 0, 1, 2, 1, 9}));
            assertArrayEquals(new int[] {1, 2}, found(s, new byte[] {'\r', '\n', '\r', '\n', (byte) 0xff, (byte) 0x80, (byte) 0xc3, (byte) 0xa9}));
            assertArrayEquals(new int[] {}, found(s, new byte[] {(byte) 0xff, (byte) 0x80, (byte) 0xc3, (byte) 0xa8}));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void treatsRegexMetacharactersAsThemselves(String algo) {
        String metas = ".*+?[](){}|\\^$";
        MpmBuilder builder = new MpmBuilder();
        for (int i = 0; i < metas.length(); i++) {
            builder.add(i, b("<" + metas.charAt(i) + ">"), false);
        }
        int wild = metas.length();
        builder.add(wild, b("a.*b"), false);
        builder.add(wild + 1, b("(x|y)"), true);
        try (MultiPatternMatcher m = builder.build(algo); Scanner s = m.newScanner()) {
            // As regexes these would match; as literals they must not.
            assertArrayEquals(new int[] {}, found(s, b("<x> <> axxxb x y")));
            for (int i = 0; i < metas.length(); i++) {
                assertArrayEquals(new int[] {i}, found(s, b("--<" + metas.charAt(i) + ">--")), "meta " + metas.charAt(i));
            }
            assertArrayEquals(new int[] {wild, wild + 1}, found(s, b("a.*b (X|Y)")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void nocaseFoldsAsciiLettersOnly(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder()
                .add(0, b("user-agent"), true)
                .add(1, b("\u00c4bc"), true) // 0xC4: not ASCII, so no folding to 0xE4
                .build(algo);
             Scanner s = m.newScanner()) {
            assertArrayEquals(new int[] {0}, found(s, b("x USER-Agent: y")));
            assertArrayEquals(new int[] {1}, found(s, b("\u00c4BC")));
            assertArrayEquals(new int[] {}, found(s, b("\u00e4bc")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void caseSensitiveLiteralNeedsExactCase(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("GET /"), false).add(1, b("get /"), true).build(algo);
             Scanner s = m.newScanner()) {
            assertArrayEquals(new int[] {0, 1}, found(s, b("GET / HTTP/1.1")));
            assertArrayEquals(new int[] {1}, found(s, b("Get / HTTP/1.1")));
            assertArrayEquals(new int[] {1}, found(s, b("get / HTTP/1.1")));
            // A wrong-case occurrence before the right one must not hide it.
            assertArrayEquals(new int[] {0, 1}, found(s, b("get / GET /")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void reportsEachIdOnceHoweverOftenItMatches(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder()
                .add(0, b("aa"), false)
                .add(1, b("foo"), true)
                .add(1, b("bar"), false) // second literal for the same id
                .build(algo);
             Scanner s = m.newScanner()) {
            byte[] buf = b("aaaaaaaaaa foo FOO fOo bar bar");
            int n = s.scan(buf, 0, buf.length);
            assertEquals(2, n);
            int[] ids = Arrays.copyOf(s.hits(), n);
            Arrays.sort(ids);
            assertArrayEquals(new int[] {0, 1}, ids);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void sameLiteralUnderTwoIdsReportsBoth(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder()
                .add(0, b("admin"), false).add(1, b("admin"), true).add(2, b("ADMIN"), false)
                .build(algo);
             Scanner s = m.newScanner()) {
            assertArrayEquals(new int[] {0, 1}, found(s, b("/admin/")));
            assertArrayEquals(new int[] {1, 2}, found(s, b("/ADMIN/")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void findsOverlappingAndNestedLiterals(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder()
                .add(0, b("he"), false).add(1, b("she"), false).add(2, b("his"), false)
                .add(3, b("hers"), false).add(4, b("ushers"), false).add(5, b("e"), false)
                .build(algo);
             Scanner s = m.newScanner()) {
            assertArrayEquals(new int[] {0, 1, 3, 4, 5}, found(s, b("ushers")));
            assertArrayEquals(new int[] {2}, found(s, b("this")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void scansOnlyTheGivenSlice(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("abc"), false).add(1, b("xyz"), false).build(algo);
             Scanner s = m.newScanner()) {
            byte[] buf = b("abc---xyz");
            assertArrayEquals(new int[] {}, found(s, buf, 1, 7));  // "bc---xy": both cut
            assertArrayEquals(new int[] {1}, found(s, buf, 3, 6));
            assertArrayEquals(new int[] {0}, found(s, buf, 0, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> s.scan(buf, 5, 5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void emptySetFindsNothing(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder().build(algo); Scanner s = m.newScanner()) {
            assertEquals(algo, m.algorithm());
            assertEquals(0, m.patternCount());
            assertEquals(0, s.scan(b("anything at all"), 0, 15));
            assertEquals(0, s.scan(new byte[0], 0, 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void emptyInputFindsNothing(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("a"), false).build(algo); Scanner s = m.newScanner()) {
            assertEquals(0, s.scan(b("aaa"), 1, 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void reusedScannerStartsEachScanEmpty(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("one"), false).add(1, b("two"), false).build(algo);
             Scanner s = m.newScanner()) {
            assertArrayEquals(new int[] {0, 1}, found(s, b("one two")));
            assertArrayEquals(new int[] {1}, found(s, b("two")));
            assertArrayEquals(new int[] {}, found(s, b("three")));
            assertArrayEquals(new int[] {0}, found(s, b("one one")));
            for (int i = 0; i < 1000; i++) {
                assertEquals(1, s.scan(b("xtwox"), 0, 5));
                assertEquals(1, s.hits()[0]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void countsBytesAndScans(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("x"), false).build(algo); Scanner s = m.newScanner()) {
            s.scan(new byte[100], 10, 50);
            s.scan(new byte[7], 0, 7);
            s.scan(new byte[3], 0, 0);
            assertEquals(57, s.bytesScanned());
            assertEquals(3, s.scanCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void scansBuffersLargerThanTheFirstNativeBuffer(String algo) {
        try (MultiPatternMatcher m = new MpmBuilder().add(0, b("head"), false).add(1, b("tail"), false).build(algo);
             Scanner s = m.newScanner()) {
            assertArrayEquals(new int[] {}, found(s, b("small")));
            for (int size : new int[] {4097, 70_000, 1 << 20}) {
                byte[] big = new byte[size];
                System.arraycopy(b("head"), 0, big, 0, 4);
                System.arraycopy(b("tail"), 0, big, size - 4, 4);
                assertArrayEquals(new int[] {0, 1}, found(s, big), "size " + size);
            }
            assertArrayEquals(new int[] {1}, found(s, b("tail")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void agreesWithNaiveSearchOn5000RandomLiterals(String algo) {
        Random rnd = new Random(0x5eed);
        MpmTestSupport.RandomSet set = new MpmTestSupport.RandomSet(rnd, 5000);
        try (MultiPatternMatcher m = set.builder().build(algo); Scanner s = m.newScanner()) {
            int positives = 0;
            for (int round = 0; round < 40; round++) {
                byte[] buf = set.input(rnd, 200 + rnd.nextInt(1400));
                int off = rnd.nextInt(20);
                int len = buf.length - off - rnd.nextInt(20);
                int[] expected = set.naive(buf, off, len);
                positives += expected.length;
                assertArrayEquals(expected, found(s, buf, off, len), "round " + round);
            }
            assertTrue(positives > 40, "the inputs must contain matches to make the comparison mean something");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void scannersOnTwoThreadsWorkAtOnce(String algo) throws Exception {
        Random rnd = new Random(42);
        MpmTestSupport.RandomSet set = new MpmTestSupport.RandomSet(rnd, 2000);
        byte[][][] inputs = new byte[2][16][];
        int[][][] expected = new int[2][16][];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < 16; i++) {
                inputs[t][i] = set.input(rnd, 1500);
                expected[t][i] = set.naive(inputs[t][i], 0, 1500);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (MultiPatternMatcher m = set.builder().build(algo)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int worker = t;
                results.add(pool.submit(() -> {
                    int checked = 0;
                    try (Scanner s = m.newScanner()) {
                        start.await();
                        for (int round = 0; round < 300; round++) {
                            int i = round % 16;
                            assertArrayEquals(expected[worker][i], found(s, inputs[worker][i]));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertEquals(300, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void closeIsIdempotentAndOpenScannersOutliveTheMatcher(String algo) {
        MultiPatternMatcher m = new MpmBuilder().add(3, b("needle"), false).build(algo);
        Scanner s = m.newScanner();
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, m::newScanner);
        // The scanner handed out before close still works until it is closed itself.
        assertArrayEquals(new int[] {3}, found(s, b("hay needle hay")));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.scan(b("needle"), 0, 6));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hyperscan", "java"})
    void scanDoesNotAllocate(String algo) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        Random rnd = new Random(7);
        MpmTestSupport.RandomSet set = new MpmTestSupport.RandomSet(rnd, 500);
        byte[][] inputs = new byte[8][];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = set.input(rnd, 1500);
        }
        try (MultiPatternMatcher m = set.builder().build(algo); Scanner s = m.newScanner()) {
            long hits = 0;
            for (int i = 0; i < 20_000; i++) {
                hits += s.scan(inputs[i & 7], 0, 1500);
            }
            mx.getThreadAllocatedBytes(tid);
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 20_000; i++) {
                hits += s.scan(inputs[i & 7], 0, 1500);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertTrue(hits > 40_000, "inputs must produce matches (callbacks) for this to mean something");
            // A single object per scan would already be >= 320 KB here.
            assertTrue(allocated < 16 * 1024, "scan allocated " + allocated + " bytes over 20000 scans");
        }
    }
}
