package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

import java.util.Locale;

/**
 * ssl_version: the SSL/TLS version of the inspected direction is one of a comma-separated list of
 * sslv2, sslv3, tls1.0, tls1.1, tls1.2, tls1.3. A {@code !} on the list (or on an item) negates the
 * list: the version must be none of them ({@code ssl_version:!tls1.3,tls1.2}).
 */
public final class SslVersion extends BaseKeyword {
    public SslVersion() {
        super("ssl_version", "ssl_version: [!]sslv2|sslv3|tls1.0|tls1.1|tls1.2|tls1.3[,...] of the TLS flow.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value);
        int set = 0;
        boolean negated = false;
        for (String part : v.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("!")) {
                negated = true;
                p = p.substring(1).trim();
            }
            int cls = versionClass(p);
            if (cls < 0) {
                throw new RuleException("ssl_version: unknown version '" + part.trim() + "'");
            }
            set |= 1 << cls;
        }
        final int mask = set;
        final boolean neg = negated;
        rule.addCondition(new TxCondition("tls", TxField.TLS_VERSION, ver -> {
            int c = classOf(ver);
            return c >= 0 && ((mask & 1 << c) != 0) != neg;
        }));
    }

    private static int versionClass(String word) {
        switch (word) {
            case "sslv2": return 0;
            case "sslv3": return 1;
            case "tls1.0": return 2;
            case "tls1.1": return 3;
            case "tls1.2": return 4;
            case "tls1.3": return 5;
            default: return -1;
        }
    }

    /** The class (0 sslv2 .. 5 tls1.3) of a wire version, -1 for none; 0x7fxx drafts count as 1.3. */
    static int classOf(long ver) {
        if (ver == 0x0002 || ver == 0x0200) {
            return 0;
        }
        if (ver >= 0x0300 && ver <= 0x0304) {
            return (int) (ver - 0x0300) + 1;
        }
        if ((ver & 0xff00) == 0x7f00) {
            return 5;
        }
        return -1;
    }
}
