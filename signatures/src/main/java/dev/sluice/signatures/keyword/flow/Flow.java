package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.FlowState;

/**
 * flow: {@code established | not_established | stateless}, {@code to_server | from_client |
 * to_client | from_server}, {@code only_stream | no_stream}, {@code only_frag | no_frag}, comma
 * separated; options of one group exclude each other. Packets are inspected one by one here, so
 * only_stream/no_stream add no test. A packet without a flow fails established, not_established
 * and the direction options.
 */
public final class Flow extends BaseKeyword {
    public Flow() {
        super("flow", "flow: established|not_established|stateless, to_server|to_client, only_stream|no_stream, only_frag|no_frag.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String state = null;
        String dir = null;
        String stream = null;
        String frag = null;
        for (String o : Args.commaList(Args.required(name(), value))) {
            switch (o) {
                case "established":
                case "not_established":
                case "stateless":
                    state = once(state, o);
                    break;
                case "to_server":
                case "from_client":
                    dir = once(dir, "to_server");
                    break;
                case "to_client":
                case "from_server":
                    dir = once(dir, "to_client");
                    break;
                case "only_stream":
                    stream = once(stream, o);
                    rule.requireStream = true;
                    break;
                case "no_stream":
                    stream = once(stream, o);
                    rule.requirePacket = true;
                    break;
                case "only_frag":
                case "no_frag":
                    frag = once(frag, o);
                    break;
                default:
                    throw new RuleException("flow: unknown option '" + o + "'");
            }
        }
        final boolean established = "established".equals(state);
        final boolean notEstablished = "not_established".equals(state);
        final int direction = dir == null ? 0 : dir.equals("to_server") ? 1 : 2;
        rule.flowDirection = direction;
        if (established || notEstablished || direction != 0) {
            rule.addCondition(ctx -> {
                FlowState f = ctx.flow;
                if (f == null) {
                    return false;
                }
                if (established && !f.established()) {
                    return false;
                }
                if (notEstablished && f.established()) {
                    return false;
                }
                return direction == 0 || f.toServer() == (direction == 1);
            });
        }
        if (frag != null) {
            final boolean only = frag.equals("only_frag");
            rule.addCondition(ctx -> ctx.packet.defragmented() == only);
        }
    }

    private static String once(String prev, String o) throws RuleException {
        if (prev != null) {
            throw new RuleException("flow: '" + o + "' conflicts with '" + prev + "'");
        }
        return o;
    }
}
