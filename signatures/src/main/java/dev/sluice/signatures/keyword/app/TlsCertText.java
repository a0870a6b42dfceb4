package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxView;

import java.nio.charset.StandardCharsets;

/**
 * The pre-sticky-buffer certificate tests: tls.subject and tls.issuerdn ({@code [!]"text"}: the
 * subject / issuer contains the text, or with {@code !} does not) and tls.fingerprint
 * ({@code [!]"aa:bb:..."}: the SHA-1 fingerprint equals it, case ignored). They hold only on a
 * transaction that carries a certificate.
 */
public final class TlsCertText extends BaseKeyword {
    private final Buffer buffer;
    private final boolean exact;

    private TlsCertText(String name, Buffer buffer, boolean exact) {
        super(name, name + ": [!]\"text\" tested against " + buffer.keyword + (exact ? " (equal)." : " (contains)."), Value.REQUIRED);
        this.buffer = buffer;
        this.exact = exact;
    }

    public static TlsCertText subject() {
        return new TlsCertText("tls.subject", Buffer.TLS_CERT_SUBJECT, false);
    }

    public static TlsCertText issuerdn() {
        return new TlsCertText("tls.issuerdn", Buffer.TLS_CERT_ISSUER, false);
    }

    public static TlsCertText fingerprint() {
        return new TlsCertText("tls.fingerprint", Buffer.TLS_CERT_FINGERPRINT, true);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value).trim();
        boolean negated = v.startsWith("!");
        if (negated) {
            v = v.substring(1).trim();
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.isEmpty()) {
            throw new RuleException(name() + " needs a non-empty value");
        }
        byte[] want = (exact ? v.toLowerCase(java.util.Locale.ROOT) : v.replace("\\\"", "\"").replace("\\;", ";").replace("\\\\", "\\"))
                .getBytes(StandardCharsets.ISO_8859_1);
        final Buffer b = buffer;
        final boolean eq = exact;
        final boolean neg = negated;
        rule.addCondition(new TxCondition("tls", (TxView tx, DetectContext ctx) -> {
            if (!tx.buffer(b, 0, ctx)) {
                return false;
            }
            boolean found = eq ? equalsIgnoreCase(ctx.appBuf, ctx.appOff, ctx.appLen, want)
                    : indexOf(ctx.appBuf, ctx.appOff, ctx.appLen, want);
            return found != neg;
        }));
    }

    static boolean indexOf(byte[] hay, int off, int len, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[off + i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean equalsIgnoreCase(byte[] hay, int off, int len, byte[] lower) {
        if (len != lower.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            int c = hay[off + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }
}
