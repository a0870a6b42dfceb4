package dev.sluice.signatures.match;

import dev.sluice.signatures.Action;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;
import dev.sluice.signatures.header.AddressMatcher;
import dev.sluice.signatures.header.PortMatcher;
import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.header.RuleHeader;
import dev.sluice.signatures.keyword.Keyword;
import dev.sluice.signatures.keyword.KeywordTable;
import dev.sluice.signatures.vars.Variables;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Builds rules from an option string ({@code name:value; name2;}) through the keyword table, with
 * an "any any -> any any" header, and evaluates them on fake packets. Independent of the rule
 * parser: splits on unescaped ';' only.
 */
public final class TestRules {
    public static final KeywordTable TABLE = KeywordTable.standard();

    private TestRules() {
    }

    public static LoadContext load() {
        return new LoadContext(Variables.defaults(), ClassificationConfig.defaults(), ReferenceConfig.defaults());
    }

    public static RuleHeader header(Protocol proto) {
        return new RuleHeader(Action.ALERT, proto, AddressMatcher.ANY, PortMatcher.ANY, false,
                AddressMatcher.ANY, PortMatcher.ANY, "any", "any", "any", "any");
    }

    /** Applies the options to a builder (no sid added). */
    public static RuleBuilder builder(LoadContext load, Protocol proto, String options) throws RuleException {
        RuleBuilder b = new RuleBuilder(load, header(proto), "test.rules", 1, options);
        for (String[] o : split(options)) {
            Keyword k = TABLE.get(o[0]);
            if (k == null) {
                throw new RuleException("unknown keyword '" + o[0] + "'");
            }
            k.apply(o[1], b);
        }
        return b;
    }

    /** A rule from these options; sid 1 is added when the options have none. */
    public static Rule rule(String options) throws RuleException {
        return rule(load(), Protocol.TCP, options);
    }

    public static Rule rule(LoadContext load, Protocol proto, String options) throws RuleException {
        RuleBuilder b = builder(load, proto, options);
        if (b.sid < 0) {
            b.sid = 1;
        }
        return b.build();
    }

    /** The refusal reason of these options. */
    public static String refusal(String options) {
        return assertThrows(RuleException.class, () -> rule(options)).getMessage();
    }

    public static boolean matches(Rule r, PacketView p) {
        return matches(r, p, new FakeFlow());
    }

    public static boolean matches(Rule r, PacketView p, FlowState f) {
        DetectContext ctx = new DetectContext();
        ctx.reset(p, f);
        return RuleEval.matches(r, ctx);
    }

    /** Shortcut: does a TCP rule with these options match this payload. */
    public static boolean payload(String options, String payload) throws RuleException {
        return matches(rule(options), FakePacket.tcp(payload));
    }

    static List<String[]> split(String options) {
        List<String[]> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                cur.append(c).append(options.charAt(++i));
            } else if (c == ';') {
                add(out, cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        add(out, cur.toString());
        return out;
    }

    private static void add(List<String[]> out, String opt) {
        String o = opt.trim();
        if (o.isEmpty()) {
            return;
        }
        int colon = o.indexOf(':');
        if (colon < 0) {
            out.add(new String[] {o, null});
        } else {
            out.add(new String[] {o.substring(0, colon).trim(), o.substring(colon + 1).trim()});
        }
    }
}
