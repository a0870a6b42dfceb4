package dev.sluice.signatures.mpm;

import java.util.Arrays;
import java.util.Objects;

/**
 * Pure-Java multi-literal matcher: an Aho-Corasick automaton compiled to a dense DFA, used where
 * Hyperscan cannot run or when asked for by name ({@code "java"}).
 *
 * <p>The automaton runs over ASCII-lower-cased bytes, so one pass serves case-sensitive and nocase
 * literals alike; a case-sensitive literal found by the folded automaton is confirmed against the
 * original bytes before it counts. Bytes that occur in no literal share one input class, which
 * keeps the rows narrow for text patterns.
 *
 * <pre>
 *   delta[row + cls[b]]  = next row (row = state * classes), or ~row when that state ends a literal
 *   ownHead[state]       = first literal ending exactly at state, chained through litNext
 *   dictLink[state]      = longest proper suffix state that ends a literal, or -1
 * </pre>
 */
public final class JavaMatcher implements MultiPatternMatcher {

    private final int[] ids;
    private final byte[][] literals;
    private final boolean[] nocase;
    private final int idSpace;
    private final int[] cls = new int[256];
    private final int classes;
    private final int[] delta;
    private final int[] ownHead;
    private final int[] litNext;
    private final int[] dictLink;
    private volatile boolean closed;

    JavaMatcher(int[] ids, byte[][] literals, boolean[] nocase, int idSpace) {
        this.ids = ids;
        this.literals = literals;
        this.nocase = nocase;
        this.idSpace = idSpace;
        int n = ids.length;

        // Input classes: one per distinct folded byte used by some literal, class 0 for the rest.
        int[] classOf = new int[256];
        int k = 0;
        long totalLen = 0;
        for (byte[] lit : literals) {
            totalLen += lit.length;
            for (byte b : lit) {
                int f = fold(b & 0xff);
                if (classOf[f] == 0) {
                    classOf[f] = ++k;
                }
            }
        }
        for (int b = 0; b < 256; b++) {
            cls[b] = classOf[fold(b)];
        }
        classes = k + 1;

        long maxStates = totalLen + 1;
        if (maxStates * classes > Integer.MAX_VALUE - 16) {
            throw new MpmCompileException("pattern set too large for the Java matcher: " + totalLen
                    + " literal bytes over " + classes + " byte classes", -1);
        }
        int stride = classes;
        // During construction a 0 entry means "no trie edge": no trie edge ever leads back to the root.
        int[] go = new int[(int) maxStates * stride];
        int[] own = new int[(int) maxStates];
        Arrays.fill(own, -1);
        litNext = new int[n];
        int states = 1;
        for (int i = 0; i < n; i++) {
            int s = 0;
            for (byte b : literals[i]) {
                int c = cls[b & 0xff];
                int t = go[s * stride + c];
                if (t == 0) {
                    t = states++;
                    go[s * stride + c] = t;
                }
                s = t;
            }
            litNext[i] = own[s];
            own[s] = i;
        }

        // Breadth-first: fill missing edges from the failure state, whose row is already complete.
        int[] fail = new int[states];
        int[] dict = new int[states];
        Arrays.fill(dict, -1);
        int[] queue = new int[states];
        int head = 0;
        int tail = 0;
        for (int c = 0; c < stride; c++) {
            int t = go[c];
            if (t != 0) {
                fail[t] = 0;
                queue[tail++] = t;
            }
        }
        while (head < tail) {
            int s = queue[head++];
            int f = fail[s];
            for (int c = 0; c < stride; c++) {
                int t = go[s * stride + c];
                int viaFail = go[f * stride + c];
                if (t != 0) {
                    fail[t] = viaFail;
                    dict[t] = own[viaFail] != -1 ? viaFail : dict[viaFail];
                    queue[tail++] = t;
                } else {
                    go[s * stride + c] = viaFail;
                }
            }
        }

        // Final form: entries hold row offsets, complemented when the target state reports literals.
        delta = new int[states * stride];
        for (int i = 0; i < delta.length; i++) {
            int t = go[i];
            boolean reports = own[t] != -1 || dict[t] != -1;
            delta[i] = reports ? ~(t * stride) : t * stride;
        }
        ownHead = Arrays.copyOf(own, states);
        dictLink = dict;
    }

    private static int fold(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** Number of automaton states (for diagnostics). */
    public int stateCount() {
        return ownHead.length;
    }

    @Override
    public Scanner newScanner() {
        if (closed) {
            throw new IllegalStateException("pattern set is closed");
        }
        return new JavaScanner(this);
    }

    @Override
    public int patternCount() {
        return ids.length;
    }

    @Override
    public String algorithm() {
        return "java";
    }

    @Override
    public void close() {
        closed = true;
    }

    private static final class JavaScanner implements Scanner {
        private final JavaMatcher m;
        private final HitSet hitSet;
        private final int[] litStamp;  // literal already reported in this scan when == litGen
        private int litGen;
        private long bytes;
        private long scans;
        private boolean closed;

        JavaScanner(JavaMatcher m) {
            this.m = m;
            this.hitSet = new HitSet(m.idSpace);
            this.litStamp = new int[m.ids.length];
        }

        @Override
        public int scan(byte[] buf, int off, int len) {
            Objects.checkFromIndexSize(off, len, buf.length);
            if (closed) {
                throw new IllegalStateException("scanner is closed");
            }
            hitSet.reset();
            if (++litGen == 0) {
                Arrays.fill(litStamp, 0);
                litGen = 1;
            }
            scans++;
            bytes += len;
            final int[] delta = m.delta;
            final int[] cls = m.cls;
            int row = 0;
            for (int i = off, end = off + len; i < end; i++) {
                int t = delta[row + cls[buf[i] & 0xff]];
                if (t < 0) {
                    t = ~t;
                    report(t / m.classes, buf, i);
                }
                row = t;
            }
            return hitSet.count;
        }

        /** Records the literals ending at {@code buf[last]} in {@code state}. */
        private void report(int state, byte[] buf, int last) {
            JavaMatcher mm = m;
            int st = mm.ownHead[state] != -1 ? state : mm.dictLink[state];
            for (; st != -1; st = mm.dictLink[st]) {
                for (int lit = mm.ownHead[st]; lit != -1; lit = mm.litNext[lit]) {
                    if (litStamp[lit] == litGen) {
                        continue;
                    }
                    byte[] p = mm.literals[lit];
                    // The automaton saw only bytes of this slice, so the match starts inside it.
                    if (!mm.nocase[lit] && !Arrays.equals(buf, last - p.length + 1, last + 1, p, 0, p.length)) {
                        continue;
                    }
                    litStamp[lit] = litGen;
                    hitSet.add(mm.ids[lit]);
                }
            }
        }

        @Override
        public int[] hits() {
            return hitSet.hits;
        }

        @Override
        public long bytesScanned() {
            return bytes;
        }

        @Override
        public long scanCount() {
            return scans;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
