package dev.sluice.signatures.mpm;

import java.util.Arrays;

/**
 * Collects literals and compiles them into a {@link MultiPatternMatcher}. Not thread-safe; used
 * once per pattern set at rule-load time.
 *
 * <p>Ids are small non-negative ints chosen by the caller (dense 0..n-1 is best: the scanners keep
 * arrays indexed by id, sized by the largest). Several literals may share an id; the id is then
 * reported once when any of them occurs. A {@code nocase} literal folds ASCII letters only, as
 * Suricata's {@code nocase} does.
 */
public final class MpmBuilder {

    /** Largest accepted id; keeps the per-scanner id arrays bounded. */
    public static final int MAX_ID = (1 << 24) - 1;

    private int[] ids = new int[16];
    private byte[][] literals = new byte[16][];
    private boolean[] nocase = new boolean[16];
    private int size;
    private int maxId = -1;

    /**
     * Adds a literal, matched byte for byte (any value 0-255; regex metacharacters mean themselves).
     *
     * @throws IllegalArgumentException for an id outside 0..{@link #MAX_ID} or an empty literal
     */
    public MpmBuilder add(int id, byte[] literal, boolean nocase) {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("pattern id " + id + " is outside 0.." + MAX_ID);
        }
        if (literal == null || literal.length == 0) {
            throw new IllegalArgumentException("pattern id " + id + " has an empty literal");
        }
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            literals = Arrays.copyOf(literals, cap);
            this.nocase = Arrays.copyOf(this.nocase, cap);
        }
        ids[size] = id;
        literals[size] = literal.clone();
        this.nocase[size] = nocase;
        size++;
        maxId = Math.max(maxId, id);
        return this;
    }

    /** Number of literals added so far. */
    public int size() {
        return size;
    }

    /** Same as {@code build("auto")}: Hyperscan when it runs here, else the Java matcher. */
    public MultiPatternMatcher build() {
        return build("auto");
    }

    /**
     * Compiles the literals added so far.
     *
     * @param algorithm {@code "hyperscan"} (fails when Hyperscan cannot run here), {@code "java"}, or
     *                  {@code "auto"} (Hyperscan if available, else Java)
     * @throws IllegalStateException    if {@code "hyperscan"} is asked for and is unavailable; the
     *                                  message says why
     * @throws IllegalArgumentException for an unknown algorithm name
     * @throws MpmCompileException      if the engine rejects a literal (the message names its id)
     */
    public MultiPatternMatcher build(String algorithm) {
        String algo = algorithm == null ? "auto" : algorithm;
        return switch (algo) {
            case "hyperscan" -> {
                if (!Hyperscan.available()) {
                    throw new IllegalStateException("mpm algorithm hyperscan is unavailable: "
                            + Hyperscan.unavailableReason());
                }
                yield buildHyperscan(0);
            }
            case "java" -> buildJava();
            case "auto" -> Hyperscan.available() ? buildHyperscan(0) : buildJava();
            default -> throw new IllegalArgumentException("unknown mpm algorithm '" + algorithm
                    + "' (expected auto, hyperscan or java)");
        };
    }

    /** Hyperscan build with extra flags on every literal; tests use it to provoke compile errors. */
    MultiPatternMatcher buildHyperscan(int extraFlags) {
        return HyperscanMatcher.compile(Arrays.copyOf(ids, size), Arrays.copyOf(literals, size),
                Arrays.copyOf(nocase, size), maxId + 1, extraFlags);
    }

    private MultiPatternMatcher buildJava() {
        return new JavaMatcher(Arrays.copyOf(ids, size), Arrays.copyOf(literals, size),
                Arrays.copyOf(nocase, size), maxId + 1);
    }
}
