package dev.sluice.signatures.mpm;

import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_CASELESS;
import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_SINGLEMATCH;
import static com.gliwka.hyperscan.jni.hyperscan.HS_MODE_BLOCK;
import static com.gliwka.hyperscan.jni.hyperscan.HS_SUCCESS;
import static com.gliwka.hyperscan.jni.hyperscan.HS_UNKNOWN_ERROR;
import static com.gliwka.hyperscan.jni.hyperscan.hs_alloc_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_clone_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_compile_lit_multi;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_compile_error;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_database;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_scan;

import com.gliwka.hyperscan.jni.hs_compile_error_t;
import com.gliwka.hyperscan.jni.hs_database_t;
import com.gliwka.hyperscan.jni.hs_scratch_t;
import com.gliwka.hyperscan.jni.match_event_handler;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * A literal set compiled into a Hyperscan block-mode database with the literal API, so every byte
 * of a pattern is matched as itself. Each literal carries HS_FLAG_SINGLEMATCH: the prefilter only
 * needs presence, so Hyperscan reports each literal at most once per scan.
 *
 * <p>Native lifetime: the database and a prototype scratch belong to the matcher; each scanner owns
 * a clone of the scratch and a native input buffer. The database is freed once the matcher is closed
 * and no scanner is left open, so a scanner never runs on freed memory.
 */
final class HyperscanMatcher implements MultiPatternMatcher {

    /** First native input buffer size; grows to the next power of two above the largest scan. */
    private static final int INITIAL_INPUT = 4096;

    private final hs_database_t db;        // null for an empty set: Hyperscan refuses empty databases
    private final hs_scratch_t prototype;  // null for an empty set
    private final int patternCount;
    private final int idSpace;
    private int openScanners;              // guarded by this
    private boolean closed;                // guarded by this
    private boolean freed;                 // guarded by this
    /** The literals as compiled, for {@link #fallback}. */
    private final int[] ids;
    private final byte[][] literals;
    private final boolean[] nocase;
    private JavaMatcher fallback;          // guarded by this; built on the first HS_UNKNOWN_ERROR

    private HyperscanMatcher(hs_database_t db, hs_scratch_t prototype, int[] ids, byte[][] literals, boolean[] nocase,
                             int idSpace) {
        this.db = db;
        this.prototype = prototype;
        this.patternCount = ids.length;
        this.ids = ids;
        this.literals = literals;
        this.nocase = nocase;
        this.idSpace = idSpace;
    }

    /**
     * The same literals in the Java automaton. Hyperscan 5.4's literal API fails some block scans of
     * some literal sets with HS_UNKNOWN_ERROR (intel/hyperscan#303, #353): the scan that failed is
     * repeated on this matcher, so the prefilter stays exact.
     */
    private synchronized JavaMatcher fallback() {
        if (fallback == null) {
            fallback = new JavaMatcher(ids, literals, nocase, idSpace);
        }
        return fallback;
    }

    /**
     * Compiles the literals. {@code extraFlags} is OR-ed into every literal's flags (0 in production;
     * tests use it to provoke a compile error).
     */
    static HyperscanMatcher compile(int[] ids, byte[][] literals, boolean[] nocase, int idSpace, int extraFlags) {
        if (!Hyperscan.available()) {
            throw new IllegalStateException(Hyperscan.unavailableReason());
        }
        int n = ids.length;
        if (n == 0) {
            return new HyperscanMatcher(null, null, ids, literals, nocase, idSpace);
        }
        BytePointer[] litPtrs = new BytePointer[n];
        PointerPointer<BytePointer> exprs = new PointerPointer<>(n);
        IntPointer flags = new IntPointer(n);
        IntPointer idPtr = new IntPointer(n);
        SizeTPointer lens = new SizeTPointer(n);
        PointerPointer<hs_database_t> dbOut = new PointerPointer<>(1);
        PointerPointer<hs_compile_error_t> errOut = new PointerPointer<>(1);
        PointerPointer<hs_scratch_t> scratchOut = new PointerPointer<>(1);
        try {
            for (int i = 0; i < n; i++) {
                litPtrs[i] = new BytePointer(literals[i].length);
                litPtrs[i].put(literals[i], 0, literals[i].length);
                exprs.put(i, litPtrs[i]);
                lens.put(i, literals[i].length);
                flags.put(i, HS_FLAG_SINGLEMATCH | (nocase[i] ? HS_FLAG_CASELESS : 0) | extraFlags);
                idPtr.put(i, ids[i]);
            }
            // Out-parameters must start NULL: the allocations are not zeroed.
            dbOut.put(0, (Pointer) null);
            errOut.put(0, (Pointer) null);
            scratchOut.put(0, (Pointer) null);
            int rc = hs_compile_lit_multi(exprs, flags, idPtr, lens, n, HS_MODE_BLOCK, null, dbOut, errOut);
            if (rc != HS_SUCCESS) {
                throw compileError(rc, errOut, ids);
            }
            hs_database_t db = dbOut.get(hs_database_t.class);
            rc = hs_alloc_scratch(db, scratchOut);
            if (rc != HS_SUCCESS) {
                hs_free_database(db);
                throw new MpmCompileException("Hyperscan could not allocate scratch space for " + n
                        + " literals: " + Hyperscan.errorName(rc), -1);
            }
            return new HyperscanMatcher(db, scratchOut.get(hs_scratch_t.class), ids, literals, nocase, idSpace);
        } finally {
            for (BytePointer p : litPtrs) {
                if (p != null) {
                    p.close();
                }
            }
            exprs.close();
            flags.close();
            idPtr.close();
            lens.close();
            dbOut.close();
            errOut.close();
            scratchOut.close();
        }
    }

    private static MpmCompileException compileError(int rc, PointerPointer<hs_compile_error_t> errOut, int[] ids) {
        hs_compile_error_t err = errOut.get(hs_compile_error_t.class);
        if (err == null || err.isNull()) {
            return new MpmCompileException("Hyperscan could not compile " + ids.length + " literals: "
                    + Hyperscan.errorName(rc), -1);
        }
        try {
            BytePointer m = err.message();
            String msg = m == null || m.isNull() ? Hyperscan.errorName(rc) : m.getString();
            int index = err.expression();
            if (index >= 0 && index < ids.length) {
                return new MpmCompileException("Hyperscan rejected pattern id " + ids[index] + ": " + msg,
                        ids[index]);
            }
            return new MpmCompileException("Hyperscan could not compile " + ids.length + " literals: " + msg, -1);
        } finally {
            hs_free_compile_error(err);
        }
    }

    @Override
    public synchronized Scanner newScanner() {
        if (closed) {
            throw new IllegalStateException("pattern set is closed");
        }
        hs_scratch_t scratch = null;
        if (prototype != null) {
            try (PointerPointer<hs_scratch_t> out = new PointerPointer<>(1)) {
                out.put(0, (Pointer) null);
                int rc = hs_clone_scratch(prototype, out);
                if (rc != HS_SUCCESS) {
                    throw new IllegalStateException("Hyperscan could not clone scratch space: "
                            + Hyperscan.errorName(rc));
                }
                scratch = out.get(hs_scratch_t.class);
            }
        }
        try {
            HsScanner s = new HsScanner(this, scratch);
            openScanners++;
            return s;
        } catch (RuntimeException | OutOfMemoryError e) {
            if (scratch != null) {
                hs_free_scratch(scratch);
            }
            throw e;
        }
    }

    @Override
    public int patternCount() {
        return patternCount;
    }

    @Override
    public String algorithm() {
        return "hyperscan";
    }

    @Override
    public synchronized void close() {
        closed = true;
        freeIfUnused();
    }

    private synchronized void scannerClosed() {
        openScanners--;
        freeIfUnused();
    }

    /** True once the native database has been released (for tests). */
    synchronized boolean nativeFreed() {
        return freed;
    }

    private void freeIfUnused() {
        if (closed && openScanners == 0 && !freed) {
            freed = true;
            if (prototype != null) {
                hs_free_scratch(prototype);
            }
            if (db != null) {
                hs_free_database(db);
            }
        }
    }

    /**
     * Hyperscan's match callback. JavaCPP backs each callback object with one of a fixed number of
     * native thunks (256 for this class) and silently drops matches for objects beyond that, so a
     * single process-wide instance serves every scanner; it finds the hit set of the scan running on
     * the calling thread through {@link #CURRENT}. The callback thread is always the thread inside
     * hs_scan, and the context pointer is passed as NULL so JavaCPP creates no object per call.
     */
    private static final class Callback extends match_event_handler {
        static final Callback INSTANCE = new Callback();
        static final ThreadLocal<Slot> CURRENT = ThreadLocal.withInitial(Slot::new);

        @Override
        public int call(int id, long from, long to, int flags, Pointer context) {
            HitSet target = CURRENT.get().target;
            if (target != null) {
                target.add(id);
            }
            return 0; // keep scanning: every distinct id is wanted
        }
    }

    /** The hit set of the scan in progress on one thread. */
    private static final class Slot {
        HitSet target;
    }

    /** One worker's scratch clone, native input copy and hit set. */
    static final class HsScanner implements Scanner {
        private final HyperscanMatcher owner;
        private final hs_database_t db;
        private hs_scratch_t scratch;
        private BytePointer input;
        private ByteBuffer inputView;
        private final HitSet hitSet;
        private long bytes;
        private long scans;
        private boolean closed;
        /** Scans for which Hyperscan failed with HS_UNKNOWN_ERROR, repeated on the fallback. */
        private Scanner fallback;
        private long fallbackScans;

        HsScanner(HyperscanMatcher owner, hs_scratch_t scratch) {
            this.owner = owner;
            this.db = owner.db;
            this.scratch = scratch;
            this.hitSet = new HitSet(owner.idSpace);
            if (db != null) {
                allocateInput(INITIAL_INPUT);
            }
        }

        private void allocateInput(int capacity) {
            if (input != null) {
                input.close();
            }
            input = new BytePointer(capacity);
            inputView = input.asByteBuffer();
        }

        @Override
        public int scan(byte[] buf, int off, int len) {
            Objects.checkFromIndexSize(off, len, buf.length);
            if (closed) {
                throw new IllegalStateException("scanner is closed");
            }
            HitSet hs = hitSet;
            hs.reset();
            scans++;
            bytes += len;
            if (len == 0 || db == null) {
                return 0;
            }
            if (len > inputView.capacity()) {
                int grown = Integer.highestOneBit(len - 1) << 1;
                allocateInput(grown >= len ? grown : len); // past 2^30 the doubling overflows
            }
            inputView.put(0, buf, off, len);
            Slot slot = Callback.CURRENT.get();
            slot.target = hs;
            int rc;
            try {
                rc = hs_scan(db, input, len, 0, scratch, Callback.INSTANCE, null);
            } finally {
                slot.target = null;
            }
            if (rc == HS_UNKNOWN_ERROR) {
                return rescan(buf, off, len);
            }
            if (rc != HS_SUCCESS) {
                // Not input-driven: only misuse (e.g. one scanner on two threads) gets here.
                throw new IllegalStateException("hs_scan failed: " + Hyperscan.errorName(rc));
            }
            return hs.count;
        }

        /** The scan Hyperscan could not do, by the Java automaton of the same literals. */
        private int rescan(byte[] buf, int off, int len) {
            if (fallback == null) {
                fallback = owner.fallback().newScanner();
            }
            fallbackScans++;
            HitSet hs = hitSet;
            hs.reset();
            int n = fallback.scan(buf, off, len);
            int[] hits = fallback.hits();
            for (int i = 0; i < n; i++) {
                hs.add(hits[i]);
            }
            return hs.count;
        }

        /** Scans Hyperscan failed and the Java automaton did (for tests and stats). */
        @Override
        public long fallbackScans() {
            return fallbackScans;
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
            if (closed) {
                return;
            }
            closed = true;
            if (fallback != null) {
                fallback.close();
            }
            if (scratch != null) {
                hs_free_scratch(scratch);
                scratch = null;
            }
            if (input != null) {
                input.close();
                input = null;
                inputView = null;
            }
            owner.scannerClosed();
        }
    }
}
