package dev.sluice.signatures.transform;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pcrexform:"regex": the buffer becomes the first capture group of the regex's first match; when
 * the regex does not match (or the group took no part) the buffer passes on unchanged.
 */
public final class PcreXform implements BufferTransform {
    private static final AtomicInteger IDS = new AtomicInteger();

    final Pattern pattern;
    /** Index of this transform's matcher in each worker's scratch. */
    final int id;
    private final String source;

    /**
     * @param pattern the compiled regex, with at least one capture group
     * @param source  the keyword value as written, for messages
     */
    public PcreXform(Pattern pattern, String source) {
        if (pattern.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("pcrexform needs a capture group");
        }
        this.pattern = pattern;
        this.source = source;
        this.id = IDS.getAndIncrement();
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        int from = 0;
        int to = len;
        try {
            Matcher m = scratch.matcher(this, in, off, len);
            if (m.find() && m.start(1) >= 0) {
                from = m.start(1);
                to = m.end(1);
            }
        } catch (RuntimeException e) {
            // match limit hit (ByteView budget) or a regex engine fault: the buffer passes on unchanged
        }
        System.arraycopy(in, off + from, out, 0, to - from);
        return to - from;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NONE;
    }

    @Override
    public String toString() {
        return "pcrexform:" + source;
    }
}
