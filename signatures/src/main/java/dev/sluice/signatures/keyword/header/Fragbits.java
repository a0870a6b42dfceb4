package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.PacketView;

/**
 * fragbits: IPv4 fragment flags {@code [!+*]MDR}: M more fragments, D don't fragment, R reserved.
 * Modifiers as in flags (exact, + at least, * any, ! not all).
 */
public final class Fragbits extends BaseKeyword {
    /** Bits of {@link PacketView#ipFlags()}: the 3 flag bits of the IPv4 header, reserved first. */
    static final int RB = 0x4;
    static final int DF = 0x2;
    static final int MF = 0x1;

    public Fragbits() {
        super("fragbits", "fragbits: [!+*]MDR IPv4 fragment flags.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.unquote(Args.required(name(), value));
        char mode = ' ';
        int bits = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (Character.toUpperCase(c)) {
                case 'M': bits |= MF; break;
                case 'D': bits |= DF; break;
                case 'R': bits |= RB; break;
                case '!': case '+': case '*':
                    if (mode != ' ') {
                        throw new RuleException("fragbits: more than one modifier");
                    }
                    mode = c;
                    break;
                case ' ': break;
                default: throw new RuleException("fragbits: unknown flag '" + c + "'");
            }
        }
        if (bits == 0) {
            throw new RuleException("fragbits: no flag given");
        }
        final int want = bits;
        final char m = mode;
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            if (p.ipVersion() != 4) {
                return false;
            }
            int f = p.ipFlags() & 0x7;
            switch (m) {
                case '*': return (f & want) != 0;
                case '+': return (f & want) == want;
                case '!': return (f & want) != want;
                default: return f == want;
            }
        });
    }
}
