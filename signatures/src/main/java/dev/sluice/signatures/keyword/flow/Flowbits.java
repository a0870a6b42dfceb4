package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;
import dev.sluice.signatures.match.FlowState;

import java.util.List;

/**
 * flowbits: {@code set|unset|toggle,name[&name...]}, {@code isset|isnotset,name} with
 * {@code a|b} (any) or {@code a&b} (all) lists, and {@code noalert}. Tests are packet conditions
 * (a packet without a flow: isset fails, isnotset holds); changes run after a full match.
 */
public final class Flowbits extends BaseKeyword {
    public Flowbits() {
        super("flowbits", "flowbits: set|unset|toggle|isset|isnotset,name (| and & lists), or noalert.", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String v = Args.required(name(), value);
        int comma = v.indexOf(',');
        String cmd = (comma < 0 ? v : v.substring(0, comma)).trim();
        String names = comma < 0 ? null : v.substring(comma + 1).trim();
        if (cmd.equals("noalert")) {
            if (names != null) {
                throw new RuleException("flowbits:noalert takes no name");
            }
            rule.noalert = true;
            return;
        }
        if (names == null || names.isEmpty()) {
            throw new RuleException("flowbits:" + cmd + " needs a flowbit name");
        }
        boolean or = names.indexOf('|') >= 0;
        boolean and = names.indexOf('&') >= 0;
        if (or && and) {
            throw new RuleException("flowbits: can't mix | and & in '" + names + "'");
        }
        List<String> list = List.of(names.split(or ? "\\|" : "&", -1));
        int[] ids = new int[list.size()];
        for (int i = 0; i < ids.length; i++) {
            String n = list.get(i).trim();
            if (n.isEmpty() || n.chars().anyMatch(Character::isWhitespace)) {
                throw new RuleException("flowbits: bad flowbit name '" + n + "'");
            }
            ids[i] = rule.flowbits().idOf(n);
        }
        switch (cmd) {
            case "isset":
            case "isnotset": {
                final boolean set = cmd.equals("isset");
                final boolean any = or;
                for (int id : ids) {
                    rule.flowbitRead(id);
                }
                rule.addCondition(ctx -> {
                    FlowState f = ctx.flow;
                    if (f == null) {
                        return !set;
                    }
                    for (int id : ids) {
                        boolean hit = f.isBitSet(id) == set;
                        if (any && hit) {
                            return true;
                        }
                        if (!any && !hit) {
                            return false;
                        }
                    }
                    return !any;
                });
                break;
            }
            case "set":
            case "unset":
            case "toggle": {
                if (or) {
                    throw new RuleException("flowbits:" + cmd + " can't take a | list");
                }
                for (int id : ids) {
                    rule.flowbitWritten(id);
                }
                final int kind = cmd.equals("set") ? 0 : cmd.equals("unset") ? 1 : 2;
                rule.addPostMatch(ctx -> {
                    FlowState f = ctx.flow;
                    if (f == null) {
                        return;
                    }
                    for (int id : ids) {
                        if (kind == 0 || (kind == 2 && !f.isBitSet(id))) {
                            f.setBit(id);
                        } else {
                            f.clearBit(id);
                        }
                    }
                });
                break;
            }
            default:
                throw new RuleException("flowbits: unknown command '" + cmd + "'");
        }
    }
}
