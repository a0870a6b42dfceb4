package dev.sluice.signatures.transform;

import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Public Suffix List (publicsuffix.org), read from the system's copy: Debian's package
 * {@code publicsuffix} installs {@value #DEFAULT_PATH}; {@code -Dsluice.public-suffix-list=PATH}
 * names another. Rules are plain ({@code co.uk}), wildcard ({@code *.ck}) and exception
 * ({@code !www.ck}); both the ICANN and the private sections count. Lookups allocate nothing.
 * Immutable after loading; shared by all workers.
 */
public final class PublicSuffixList {
    public static final String DEFAULT_PATH = "/usr/share/publicsuffix/public_suffix_list.dat";

    private final SuffixSet plain = new SuffixSet();
    /** Bases of wildcard rules: {@code *.ck} is stored as {@code ck}. */
    private final SuffixSet wildcard = new SuffixSet();
    /** Exception rules without their '!'. */
    private final SuffixSet exception = new SuffixSet();

    private static volatile Object system; // the list, or the String reason it is missing

    private PublicSuffixList() {
    }

    /** Parses the list's text (comments start with "//"; one rule per line). */
    public static PublicSuffixList parse(List<String> lines) {
        PublicSuffixList l = new PublicSuffixList();
        for (String raw : lines) {
            String s = raw.strip();
            int sp = s.indexOf(' ');
            if (sp >= 0) {
                s = s.substring(0, sp);
            }
            if (s.isEmpty() || s.startsWith("//")) {
                continue;
            }
            SuffixSet target = l.plain;
            if (s.startsWith("!")) {
                target = l.exception;
                s = s.substring(1);
            } else if (s.startsWith("*.")) {
                target = l.wildcard;
                s = s.substring(2);
            }
            String ascii;
            try {
                ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                continue; // a label the JDK cannot encode: the rule cannot match a DNS name anyway
            }
            target.add(ascii.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        }
        return l;
    }

    /** The system's list, loaded once; null when it cannot be read (see {@link #systemProblem()}). */
    public static PublicSuffixList system() {
        Object s = loadSystem();
        return s instanceof PublicSuffixList l ? l : null;
    }

    /** Why {@link #system()} is null, or null when the list loaded. */
    public static String systemProblem() {
        Object s = loadSystem();
        return s instanceof String why ? why : null;
    }

    private static Object loadSystem() {
        Object s = system;
        if (s == null) {
            synchronized (PublicSuffixList.class) {
                s = system;
                if (s == null) {
                    Path p = Path.of(System.getProperty("sluice.public-suffix-list", DEFAULT_PATH));
                    try {
                        s = parse(Files.readAllLines(p, StandardCharsets.UTF_8));
                    } catch (IOException | RuntimeException e) {
                        s = "the public suffix list " + p + " cannot be read (Debian: apt-get install publicsuffix)";
                    }
                    system = s;
                }
            }
        }
        return s;
    }

    /**
     * Where the public suffix of the host name {@code b[off, off+len)} starts (an index into
     * {@code b}): the longest matching rule wins, an exception rule gives the suffix after its
     * first label, and with no rule the last label is the suffix.
     */
    public int suffixStart(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int next = nextLabel(b, i, end);
            if (exception.contains(b, i, end - i)) {
                return next < end ? next : i;
            }
            if (plain.contains(b, i, end - i) || (next < end && wildcard.contains(b, next, end - next))) {
                return i;
            }
            i = next;
        }
        // The default rule "*": the last label.
        int last = off;
        for (int k = off; k < end; k++) {
            if (b[k] == '.' && k + 1 < end) {
                last = k + 1;
            }
        }
        return last;
    }

    /** Where the registrable domain (the public suffix and one more label) starts, or -1 when there is none. */
    public int domainStart(byte[] b, int off, int len) {
        int s = suffixStart(b, off, len);
        if (s <= off + 1) {
            return -1; // the name is a public suffix (or starts with its dot)
        }
        int k = s - 2; // skip the dot before the suffix
        while (k >= off && b[k] != '.') {
            k--;
        }
        return k + 1;
    }

    /** Index after the next '.' at or after {@code i}, or {@code end}. */
    private static int nextLabel(byte[] b, int i, int end) {
        while (i < end && b[i] != '.') {
            i++;
        }
        return i < end ? i + 1 : end;
    }

    /** An open-addressing set of ASCII strings, looked up case-insensitively by byte range. */
    static final class SuffixSet {
        private byte[][] keys = new byte[1024][];
        private int size;

        void add(byte[] k) {
            if (contains(k, 0, k.length)) {
                return;
            }
            if ((size + 1) * 2 > keys.length) {
                byte[][] old = keys;
                keys = new byte[old.length * 2][];
                size = 0;
                for (byte[] o : old) {
                    if (o != null) {
                        insert(o);
                    }
                }
            }
            insert(k);
        }

        private void insert(byte[] k) {
            int m = keys.length - 1;
            int h = hash(k, 0, k.length) & m;
            while (keys[h] != null) {
                h = (h + 1) & m;
            }
            keys[h] = k;
            size++;
        }

        boolean contains(byte[] b, int off, int len) {
            int m = keys.length - 1;
            int h = hash(b, off, len) & m;
            for (byte[] k = keys[h]; k != null; h = (h + 1) & m, k = keys[h]) {
                if (equalsIgnoreCase(k, b, off, len)) {
                    return true;
                }
            }
            return false;
        }

        private static int hash(byte[] b, int off, int len) {
            int h = 0x811c9dc5;
            for (int i = off; i < off + len; i++) {
                h = (h ^ lower(b[i])) * 0x01000193;
            }
            return h ^ (h >>> 16);
        }

        private static boolean equalsIgnoreCase(byte[] k, byte[] b, int off, int len) {
            if (k.length != len) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (k[i] != lower(b[off + i])) {
                    return false;
                }
            }
            return true;
        }

        private static byte lower(byte c) {
            return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
    }
}
