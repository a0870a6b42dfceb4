package dev.sluice.signatures.transform;

/**
 * domain and tld: the buffer (a host name) becomes its registrable domain ({@code www.bbc.co.uk}
 * → {@code bbc.co.uk}) or its public suffix ({@code co.uk}) by the {@link PublicSuffixList}. A name
 * that has no registrable domain passes through unchanged. The output is a suffix of the input, so
 * a literal in it is also in the input.
 */
public final class SuffixTransform implements BufferTransform {
    private final PublicSuffixList list;
    private final boolean tld;

    public SuffixTransform(PublicSuffixList list, boolean tld) {
        this.list = list;
        this.tld = tld;
    }

    /** The transform over the system's list; parks the rule when the list cannot be read. */
    public static SuffixTransform forKeyword(boolean tld) throws TransformUnavailable {
        PublicSuffixList l = PublicSuffixList.system();
        if (l == null) {
            throw new TransformUnavailable((tld ? "tld" : "domain") + " needs " + PublicSuffixList.systemProblem());
        }
        return new SuffixTransform(l, tld);
    }

    @Override
    public int maxOutput(int len) {
        return len;
    }

    @Override
    public int apply(byte[] in, int off, int len, byte[] out, TransformScratch scratch) {
        int start = tld ? list.suffixStart(in, off, len) : list.domainStart(in, off, len);
        if (start < 0) {
            start = off;
        }
        int n = off + len - start;
        System.arraycopy(in, start, out, 0, n);
        return n;
    }

    @Override
    public Prefilter prefilter() {
        return Prefilter.NOCASE;
    }

    @Override
    public String toString() {
        return tld ? "tld" : "domain";
    }
}
