package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * tls_cert_notbefore / tls_cert_notafter: the server certificate's validity bound compared with a
 * date, {@code [<|>]DATE} or {@code DATE<>DATE} (exclusive range); DATE is YYYY, YYYY-MM, YYYY-MM-DD,
 * YYYY-MM-DDTHH, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS (UTC) or seconds since the epoch. A bare date
 * means equal to the second.
 */
public final class TlsCertDate extends BaseKeyword {
    private final TxField field;

    private TlsCertDate(String name, TxField field) {
        super(name, name + ": [<|>]DATE or DATE<>DATE against the certificate's validity bound.", Value.REQUIRED);
        this.field = field;
    }

    public static TlsCertDate notBefore() {
        return new TlsCertDate("tls_cert_notbefore", TxField.TLS_CERT_NOTBEFORE);
    }

    public static TlsCertDate notAfter() {
        return new TlsCertDate("tls_cert_notafter", TxField.TLS_CERT_NOTAFTER);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value).trim();
        int range = v.indexOf("<>");
        if (range > 0) {
            long lo = epoch(v.substring(0, range));
            long hi = epoch(v.substring(range + 2));
            rule.addCondition(new TxCondition("tls", field, t -> t > lo && t < hi));
        } else if (v.startsWith("<")) {
            long d = epoch(v.substring(1));
            rule.addCondition(new TxCondition("tls", field, t -> t < d));
        } else if (v.startsWith(">")) {
            long d = epoch(v.substring(1));
            rule.addCondition(new TxCondition("tls", field, t -> t > d));
        } else {
            long d = epoch(v);
            rule.addCondition(new TxCondition("tls", field, t -> t == d));
        }
    }

    private long epoch(String s) throws RuleException {
        String d = s.trim();
        try {
            if (d.matches("\\d{5,}")) {
                return Long.parseLong(d);
            }
            String full;
            if (d.matches("\\d{4}")) {
                full = d + "-01-01T00:00:00";
            } else if (d.matches("\\d{4}-\\d{2}")) {
                full = d + "-01T00:00:00";
            } else if (d.matches("\\d{4}-\\d{2}-\\d{2}")) {
                full = d + "T00:00:00";
            } else if (d.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}")) {
                full = d + ":00:00";
            } else if (d.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")) {
                full = d + ":00";
            } else {
                full = d;
            }
            return LocalDateTime.parse(full).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new RuleException(name() + ": '" + d + "' is not a date (YYYY[-MM[-DD[THH[:MM[:SS]]]]] or epoch seconds)");
        }
    }
}
