package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

import java.util.Locale;

/**
 * ssl_state: the handshake messages the inspected update carried, as {@code |}-separated states
 * client_hello, server_hello, client_keyx, server_keyx, unknown, each optionally negated; holds
 * when any item holds (a plain state seen, a negated one not seen).
 */
public final class SslState extends BaseKeyword {
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 1 << 1;
    public static final int CLIENT_KEYX = 1 << 2;
    public static final int SERVER_KEYX = 1 << 3;
    public static final int UNKNOWN = 1 << 4;

    public SslState() {
        super("ssl_state", "ssl_state: [!]client_hello|server_hello|client_keyx|server_keyx|unknown, OR-ed.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value);
        int wanted = 0;
        int negated = 0;
        for (String part : v.split("\\|")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            boolean neg = p.startsWith("!");
            if (neg) {
                p = p.substring(1).trim();
            }
            int bit;
            switch (p) {
                case "client_hello": bit = CLIENT_HELLO; break;
                case "server_hello": bit = SERVER_HELLO; break;
                case "client_keyx": bit = CLIENT_KEYX; break;
                case "server_keyx": bit = SERVER_KEYX; break;
                case "unknown": bit = UNKNOWN; break;
                default: throw new RuleException("ssl_state: unknown state '" + part.trim() + "'");
            }
            if (neg) {
                negated |= bit;
            } else {
                wanted |= bit;
            }
        }
        final int w = wanted;
        final int n = negated;
        rule.addCondition(new TxCondition("tls", TxField.TLS_STATE, s -> (s & w) != 0 || (~s & n) != 0));
    }
}
