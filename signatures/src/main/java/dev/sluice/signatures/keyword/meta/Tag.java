package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

import java.util.List;

/**
 * tag: {@code session|host[, count, packets|seconds|bytes[, src|dst]]}. Parsed and checked; tagging
 * itself (logging the packets that follow) is not done.
 */
public final class Tag extends BaseKeyword {
    public Tag() {
        super("tag", "tag: session|host[,count,packets|seconds|bytes[,src|dst]] (checked; packets are not tagged).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        List<String> a = Args.commaList(Args.required(name(), value));
        String type = a.get(0);
        if (!type.equals("session") && !type.equals("host")) {
            throw new RuleException("tag: type must be session or host, not '" + type + "'");
        }
        if (a.size() >= 2) {
            Args.parseLong(name(), "count", a.get(1), 0, 0xffffffffL);
            if (a.size() < 3) {
                throw new RuleException("tag: a count needs a metric (packets, seconds or bytes)");
            }
            String metric = a.get(2);
            if (!metric.equals("packets") && !metric.equals("seconds") && !metric.equals("bytes")) {
                throw new RuleException("tag: metric must be packets, seconds or bytes, not '" + metric + "'");
            }
        }
        if (a.size() >= 4) {
            String dir = a.get(3);
            if (!dir.equals("src") && !dir.equals("dst")) {
                throw new RuleException("tag: direction must be src or dst, not '" + dir + "'");
            }
        }
        if (a.size() > 4) {
            throw new RuleException("tag: too many options");
        }
    }
}
