package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.RuleBuilder;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.keyword.Args;
import dev.sluice.signatures.keyword.BaseKeyword;

/**
 * classtype: the rule's classification from classification.config; it gives the description
 * and, unless the rule sets priority, the priority.
 */
public final class Classtype extends BaseKeyword {
    public Classtype() {
        super("classtype", "classtype: the rule's classification (from classification.config).", Value.REQUIRED);
    }

    @Override
    public void apply(String value, RuleBuilder rule) throws RuleException {
        String name = Args.unquote(Args.required(name(), value)).trim();
        ClassificationConfig.Classification c = rule.load.classifications.get(name);
        if (c == null) {
            throw new RuleException("unknown classtype '" + name + "'");
        }
        rule.classtype = c.name();
        rule.classDescription = c.description();
        if (!rule.priorityExplicit) {
            rule.priority = c.priority();
        }
    }
}
