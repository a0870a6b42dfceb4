package dev.sluice.signatures.keyword.header;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.PacketView;

/**
 * flags: TCP flags {@code [!+*]FSRPAUCE012[,mask]} (the modifier may also trail). F S R P A U C E are
 * FIN SYN RST PSH ACK URG CWR ECE; 1 and 2 are the old names of CWR and ECE; 0 means no flag. Flags
 * in the mask are ignored. Without modifier the flags must be exactly these; + at least these;
 * * any of these; ! not all of these.
 */
public final class Flags extends BaseKeyword {
    enum Mode { EXACT, PLUS, ANY, NOT }

    public Flags() {
        this("flags");
    }

    public Flags(String name) {
        super(name, "flags: [!+*]FSRPAUCE012[,mask] TCP flags.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.unquote(Args.required(name(), value));
        String spec = v;
        int ignore = 0;
        int comma = v.indexOf(',');
        if (comma >= 0) {
            spec = v.substring(0, comma).trim();
            String m = v.substring(comma + 1).trim();
            if (m.isEmpty()) {
                throw new RuleException("flags: empty mask after the comma");
            }
            for (int i = 0; i < m.length(); i++) {
                ignore |= bit(m.charAt(i), true);
            }
        }
        Mode mode = Mode.EXACT;
        int flags = 0;
        boolean zero = false;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '!' || c == '+' || c == '*') {
                if (mode != Mode.EXACT) {
                    throw new RuleException("flags: more than one modifier in '" + spec + "'");
                }
                mode = c == '!' ? Mode.NOT : c == '+' ? Mode.PLUS : Mode.ANY;
            } else if (c == '0') {
                zero = true;
            } else if (c != ' ') {
                flags |= bit(c, false);
            }
        }
        if (flags == 0 && !zero) {
            throw new RuleException("flags: no flag in '" + spec + "'");
        }
        if (zero && flags != 0) {
            throw new RuleException("flags: 0 (no flags) can't be combined with flags");
        }
        final int want = flags;
        final int keep = ~ignore & 0xff;
        final Mode m = mode;
        rule.addCondition(ctx -> {
            PacketView p = ctx.packet;
            if (p.ipProto() != PacketView.IPPROTO_TCP || p.l4HeaderLength() == 0) {
                return false;
            }
            int f = p.tcpFlags() & keep;
            switch (m) {
                case ANY: return (f & want) != 0;
                case PLUS: return (f & want) == want;
                case NOT: return (f & want) != want;
                default: return f == want;
            }
        });
    }

    private static int bit(char c, boolean mask) throws RuleException {
        switch (Character.toUpperCase(c)) {
            case 'F': return PacketView.TH_FIN;
            case 'S': return PacketView.TH_SYN;
            case 'R': return PacketView.TH_RST;
            case 'P': return PacketView.TH_PUSH;
            case 'A': return PacketView.TH_ACK;
            case 'U': return PacketView.TH_URG;
            case 'C':
            case '1': return PacketView.TH_CWR;
            case 'E':
            case '2': return PacketView.TH_ECE;
            default: throw new RuleException("flags: unknown flag '" + c + "'" + (mask ? " in the mask" : ""));
        }
    }
}
