package dev.sluice.signatures.header;

import dev.sluice.signatures.Action;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.vars.Variables;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a rule header, {@code action proto src sport dir dst dport}, into a {@link RuleHeader}.
 *
 * <pre>
 * address := '!'* term
 * term    := 'any' | '$'NAME | '[' address (',' address)* ']' | ip | ip'/'len | ip'/'mask | ip'-'ip
 * port    := '!'* pterm
 * pterm   := 'any' | '$'NAME | '[' port (',' port)* ']' | N | N':'M | N':' | ':'M
 * </pre>
 *
 * A group is the union of its positive members minus the union of its negated members; a group
 * with only negated members starts from "any". A variable's value is itself an expression of the
 * same kind. Whitespace inside an expression is ignored. Compiled matchers are cached by their text,
 * so one parser serves one set of variables (the cache is dropped when the variables change).
 * Loading thread only.
 */
public final class HeaderParser {
    /** How deep variables may refer to variables; deeper means a loop. */
    static final int MAX_VAR_DEPTH = 16;

    private final Variables vars;
    private final Map<String, Object> addressCache = new HashMap<>();
    private final Map<String, Object> portCache = new HashMap<>();
    private long varsGeneration;

    public HeaderParser(Variables vars) {
        this.vars = vars;
        this.varsGeneration = vars.generation();
    }

    /**
     * Parses the header part of a rule (everything before the option parenthesis).
     *
     * @throws RuleException with a one-line reason
     */
    public RuleHeader parse(String text) throws RuleException {
        List<String> tokens = tokenize(text);
        if (tokens.isEmpty()) {
            throw new RuleException("empty rule header");
        }
        Action action = Action.of(tokens.get(0));
        if (action == null) {
            throw new RuleException("unknown action '" + tokens.get(0) + "'");
        }
        if (tokens.size() < 2) {
            throw new RuleException("rule header has no protocol");
        }
        Protocol proto = Protocol.of(tokens.get(1));
        if (proto == null) {
            throw new RuleException("unknown protocol '" + tokens.get(1) + "'");
        }
        if (tokens.size() != 7) {
            throw new RuleException("rule header needs 7 parts 'action protocol src_addr src_port direction dst_addr dst_port', got "
                    + tokens.size());
        }
        String dir = tokens.get(4);
        boolean bidirectional;
        if (dir.equals("->")) {
            bidirectional = false;
        } else if (dir.equals("<>")) {
            bidirectional = true;
        } else if (dir.equals("<-")) {
            throw new RuleException("direction '<-' is not supported, use '->' or '<>'");
        } else {
            throw new RuleException("bad direction '" + dir + "', expected '->' or '<>'");
        }
        AddressMatcher src = address(tokens.get(2));
        PortMatcher sp = ports(tokens.get(3));
        AddressMatcher dst = address(tokens.get(5));
        PortMatcher dp = ports(tokens.get(6));
        if (proto == Protocol.ICMP || proto == Protocol.ICMPV4 || proto == Protocol.ICMPV6) {
            // ICMP has no ports: checked for syntax, then ignored
            sp = PortMatcher.ANY;
            dp = PortMatcher.ANY;
        }
        if (proto.ipVersion() != 0) {
            // ipv4/ipv6 rules: the address matchers carry the version restriction
            src = onlyVersion(src, proto.ipVersion());
            dst = onlyVersion(dst, proto.ipVersion());
        }
        return new RuleHeader(action, proto, src, sp, bidirectional, dst, dp,
                tokens.get(2), tokens.get(3), tokens.get(5), tokens.get(6));
    }

    private static AddressMatcher onlyVersion(AddressMatcher m, int version) {
        return new AddressMatcher() {
            @Override
            public boolean matches(byte[] data, int off, int v) {
                return v == version && m.matches(data, off, v);
            }

            @Override
            public String toString() {
                return "ipv" + version + (m == AddressMatcher.ANY ? "" : " " + m);
            }
        };
    }

    /** Compiles an address expression; {@link AddressMatcher#ANY} when it covers every address. */
    public AddressMatcher address(String expr) throws RuleException {
        checkGeneration();
        String key = stripSpaces(expr);
        Object cached = addressCache.get(key);
        if (cached == null) {
            try {
                Ranges[] v = new Expr(Kind.ADDRESS, asGroup(key), 0).parseAll();
                if (v[0].isEmpty() && v[1].isEmpty()) {
                    throw new RuleException("address '" + key + "' excludes every address");
                }
                cached = AddressSet.compile(v[0], v[1]);
            } catch (RuleException e) {
                cached = e.getMessage();
            }
            addressCache.put(key, cached);
        }
        if (cached instanceof String reason) {
            throw new RuleException(reason);
        }
        return (AddressMatcher) cached;
    }

    /** Compiles a port expression; {@link PortMatcher#ANY} when it covers every port. */
    public PortMatcher ports(String expr) throws RuleException {
        checkGeneration();
        String key = stripSpaces(expr);
        Object cached = portCache.get(key);
        if (cached == null) {
            try {
                Ranges[] v = new Expr(Kind.PORT, asGroup(key), 0).parseAll();
                if (v[0].isEmpty()) {
                    throw new RuleException("port '" + key + "' excludes every port");
                }
                cached = PortSet.compile(v[0]);
            } catch (RuleException e) {
                cached = e.getMessage();
            }
            portCache.put(key, cached);
        }
        if (cached instanceof String reason) {
            throw new RuleException(reason);
        }
        return (PortMatcher) cached;
    }

    /** A comma list outside brackets ({@code !5800,!445}) is a group, as Suricata reads it. */
    static String asGroup(String key) {
        int depth = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                return "[" + key + "]";
            }
        }
        return key;
    }

    private void checkGeneration() {
        if (vars.generation() != varsGeneration) {
            addressCache.clear();
            portCache.clear();
            varsGeneration = vars.generation();
        }
    }

    /** Splits at whitespace outside brackets; a lone '!' joins the next token. */
    static List<String> tokenize(String text) throws RuleException {
        List<String> out = new ArrayList<>(7);
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
                if (depth < 0) {
                    throw new RuleException("unbalanced brackets in rule header");
                }
            }
            if (Character.isWhitespace(c) && depth == 0) {
                if (cur.length() > 0 && !onlyBangs(cur)) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (depth != 0) {
            throw new RuleException("unbalanced brackets in rule header");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static boolean onlyBangs(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '!') {
                return false;
            }
        }
        return true;
    }

    private static String stripSpaces(String s) {
        String t = s.trim();
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                StringBuilder sb = new StringBuilder(t.length());
                for (int k = 0; k < t.length(); k++) {
                    if (!Character.isWhitespace(t.charAt(k))) {
                        sb.append(t.charAt(k));
                    }
                }
                return sb.toString();
            }
        }
        return t;
    }

    private enum Kind {
        ADDRESS("address"), PORT("port");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    /** Recursive-descent evaluation of one expression text to range sets (v4, v6 or ports). */
    private final class Expr {
        private final Kind kind;
        private final String s;
        private final int depth;
        private int pos;

        Expr(Kind kind, String s, int depth) {
            this.kind = kind;
            this.s = s;
            this.depth = depth;
        }

        Ranges[] parseAll() throws RuleException {
            if (s.isEmpty()) {
                throw new RuleException("empty " + kind.word);
            }
            Ranges[] v = negatable();
            if (pos < s.length()) {
                if (s.charAt(pos) == ']') {
                    throw new RuleException("unbalanced brackets in " + kind.word + " '" + s + "'");
                }
                throw new RuleException("unexpected '" + s.charAt(pos) + "' in " + kind.word + " '" + s + "'");
            }
            return v;
        }

        /** A term with leading negations applied as a complement. */
        private Ranges[] negatable() throws RuleException {
            int bangs = bangs();
            Ranges[] v = term();
            return (bangs & 1) == 1 ? complement(v) : v;
        }

        private int bangs() {
            int n = 0;
            while (pos < s.length() && s.charAt(pos) == '!') {
                pos++;
                n++;
            }
            return n;
        }

        private Ranges[] term() throws RuleException {
            if (pos >= s.length()) {
                throw new RuleException("missing " + kind.word + " in '" + s + "'");
            }
            char c = s.charAt(pos);
            if (c == '[') {
                return group();
            }
            if (c == '$') {
                return variable();
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ']' && s.charAt(pos) != '[') {
                pos++;
            }
            String lit = s.substring(start, pos);
            if (lit.isEmpty()) {
                throw new RuleException("missing " + kind.word + " in '" + s + "'");
            }
            if (lit.equalsIgnoreCase("any")) {
                return full();
            }
            return kind == Kind.ADDRESS ? addressLiteral(lit) : portLiteral(lit);
        }

        private Ranges[] group() throws RuleException {
            pos++; // '['
            if (pos < s.length() && s.charAt(pos) == ']') {
                throw new RuleException("empty " + kind.word + " group in '" + s + "'");
            }
            List<Ranges[]> positives = new ArrayList<>();
            List<Ranges[]> negatives = new ArrayList<>();
            while (true) {
                int b = bangs();
                Ranges[] v = term();
                ((b & 1) == 1 ? negatives : positives).add(v);
                if (pos >= s.length()) {
                    throw new RuleException("unbalanced brackets in " + kind.word + " '" + s + "'");
                }
                char c = s.charAt(pos++);
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw new RuleException("unexpected '" + c + "' in " + kind.word + " '" + s + "'");
                }
            }
            // a group of only negated members means "any except them"
            return minus(positives.isEmpty() ? full() : unionAll(positives, empty()), unionAll(negatives, empty()));
        }

        private Ranges[] variable() throws RuleException {
            int start = ++pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (name.isEmpty()) {
                throw new RuleException("missing variable name after '$' in '" + s + "'");
            }
            String value = kind == Kind.ADDRESS ? vars.address(name) : vars.port(name);
            if (value == null) {
                throw new RuleException("undefined variable $" + name);
            }
            if (depth >= MAX_VAR_DEPTH) {
                throw new RuleException("variable $" + name + " nested too deeply (does it refer to itself?)");
            }
            try {
                return new Expr(kind, stripSpaces(value), depth + 1).parseAll();
            } catch (RuleException e) {
                if (e.getMessage().startsWith("variable $") || e.getMessage().startsWith("undefined variable")
                        || e.getMessage().startsWith("in $")) {
                    throw e;
                }
                throw new RuleException("in $" + name + ": " + e.getMessage());
            }
        }

        private Ranges[] addressLiteral(String lit) throws RuleException {
            int slash = lit.indexOf('/');
            if (slash >= 0) {
                String ip = lit.substring(0, slash);
                String len = lit.substring(slash + 1);
                long v4 = IpLiterals.parseV4(ip);
                if (v4 >= 0) {
                    int bits = prefixLength(len, 32, lit);
                    if (bits < 0) {
                        long mask = IpLiterals.parseV4(len);
                        bits = mask < 0 ? -1 : contiguousMask(mask);
                        if (bits < 0) {
                            throw new RuleException("bad CIDR '" + lit + "'");
                        }
                    }
                    return v4Range(cidr(BigInteger.valueOf(v4), bits, 32));
                }
                BigInteger v6 = IpLiterals.parseV6(ip);
                if (v6 == null) {
                    throw new RuleException("bad CIDR '" + lit + "': '" + ip + "' is not an IP address");
                }
                int bits = prefixLength(len, 128, lit);
                if (bits < 0) {
                    throw new RuleException("bad CIDR '" + lit + "'");
                }
                return v6Range(cidr(v6, bits, 128));
            }
            int dash = lit.indexOf('-');
            if (dash > 0) {
                String a = lit.substring(0, dash);
                String b = lit.substring(dash + 1);
                long a4 = IpLiterals.parseV4(a);
                long b4 = IpLiterals.parseV4(b);
                if (a4 >= 0 && b4 >= 0 && a4 <= b4) {
                    return v4Range(new BigInteger[] {BigInteger.valueOf(a4), BigInteger.valueOf(b4)});
                }
                BigInteger a6 = IpLiterals.parseV6(a);
                BigInteger b6 = IpLiterals.parseV6(b);
                if (a6 != null && b6 != null && a6.compareTo(b6) <= 0) {
                    return v6Range(new BigInteger[] {a6, b6});
                }
                throw new RuleException("bad address range '" + lit + "'");
            }
            long v4 = IpLiterals.parseV4(lit);
            if (v4 >= 0) {
                BigInteger b = BigInteger.valueOf(v4);
                return v4Range(new BigInteger[] {b, b});
            }
            BigInteger v6 = IpLiterals.parseV6(lit);
            if (v6 != null) {
                return v6Range(new BigInteger[] {v6, v6});
            }
            throw new RuleException("bad address '" + lit + "'");
        }

        private int prefixLength(String len, int max, String lit) throws RuleException {
            if (len.isEmpty()) {
                throw new RuleException("bad CIDR '" + lit + "'");
            }
            for (int i = 0; i < len.length(); i++) {
                if (len.charAt(i) < '0' || len.charAt(i) > '9') {
                    return -1;
                }
            }
            if (len.length() > 3 || Integer.parseInt(len) > max) {
                throw new RuleException("bad CIDR '" + lit + "': prefix length above " + max);
            }
            return Integer.parseInt(len);
        }

        private Ranges[] portLiteral(String lit) throws RuleException {
            int colon = lit.indexOf(':');
            if (colon < 0) {
                int p = portNumber(lit, lit);
                return new Ranges[] {Ranges.of(PortSet.MAX, BigInteger.valueOf(p), BigInteger.valueOf(p))};
            }
            String a = lit.substring(0, colon);
            String b = lit.substring(colon + 1);
            if (a.isEmpty() && b.isEmpty()) {
                throw new RuleException("bad port range '" + lit + "'");
            }
            int lo = a.isEmpty() ? 0 : portNumber(a, lit);
            int hi = b.isEmpty() ? 65535 : portNumber(b, lit);
            if (lo > hi) {
                throw new RuleException("bad port range '" + lit + "': " + lo + " is above " + hi);
            }
            return new Ranges[] {Ranges.of(PortSet.MAX, BigInteger.valueOf(lo), BigInteger.valueOf(hi))};
        }

        private int portNumber(String t, String lit) throws RuleException {
            if (t.isEmpty() || t.length() > 6) {
                throw new RuleException("bad port '" + lit + "'");
            }
            int v = 0;
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c < '0' || c > '9') {
                    throw new RuleException("bad port '" + lit + "'");
                }
                v = v * 10 + (c - '0');
            }
            if (v > 65535) {
                throw new RuleException("port " + v + " out of range 0-65535");
            }
            return v;
        }

        private Ranges[] v4Range(BigInteger[] r) {
            return new Ranges[] {Ranges.of(IpLiterals.V4_MAX, r[0], r[1]), Ranges.empty(IpLiterals.V6_MAX)};
        }

        private Ranges[] v6Range(BigInteger[] r) {
            return new Ranges[] {Ranges.empty(IpLiterals.V4_MAX), Ranges.of(IpLiterals.V6_MAX, r[0], r[1])};
        }

        private Ranges[] full() {
            return kind == Kind.ADDRESS
                    ? new Ranges[] {Ranges.full(IpLiterals.V4_MAX), Ranges.full(IpLiterals.V6_MAX)}
                    : new Ranges[] {Ranges.full(PortSet.MAX)};
        }

        private Ranges[] empty() {
            return kind == Kind.ADDRESS
                    ? new Ranges[] {Ranges.empty(IpLiterals.V4_MAX), Ranges.empty(IpLiterals.V6_MAX)}
                    : new Ranges[] {Ranges.empty(PortSet.MAX)};
        }
    }

    private static BigInteger[] cidr(BigInteger addr, int bits, int width) {
        BigInteger hostMask = BigInteger.ONE.shiftLeft(width - bits).subtract(BigInteger.ONE);
        BigInteger net = addr.andNot(hostMask);
        return new BigInteger[] {net, net.or(hostMask)};
    }

    /** Prefix length of a dotted netmask, or -1 when its one-bits are not contiguous. */
    private static int contiguousMask(long mask) {
        int bits = Long.bitCount(mask);
        long expect = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return mask == expect ? bits : -1;
    }

    /** Family-wise union of many sets; {@code shape} supplies the families and their bounds. */
    private static Ranges[] unionAll(List<Ranges[]> sets, Ranges[] shape) {
        Ranges[] out = new Ranges[shape.length];
        for (int i = 0; i < out.length; i++) {
            List<Ranges> family = new ArrayList<>(sets.size());
            for (Ranges[] r : sets) {
                family.add(r[i]);
            }
            out[i] = Ranges.unionAll(shape[i].max(), family);
        }
        return out;
    }

    private static Ranges[] minus(Ranges[] a, Ranges[] b) {
        Ranges[] out = new Ranges[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].minus(b[i]);
        }
        return out;
    }

    private static Ranges[] complement(Ranges[] a) {
        Ranges[] out = new Ranges[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].complement();
        }
        return out;
    }
}
