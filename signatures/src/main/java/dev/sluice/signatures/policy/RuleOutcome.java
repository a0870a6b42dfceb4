package dev.sluice.signatures.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the policy did to one watched rule ({@link RulePolicy#watching}): where the rule is, whether
 * it was commented out, which lines enabled, disabled, dropped or modified it, and whether drop.conf
 * left it alone because it raises no alert. Filled by the loading thread, read after the load.
 */
public final class RuleOutcome {
    private final String file;
    private final int line;
    private final boolean commentedOut;
    private final boolean noalertFlowbitSetter;
    private final boolean noalert;
    private final String msg;
    PolicyLine disabledBy;
    PolicyLine enabledBy;
    final List<PolicyLine> droppedBy = new ArrayList<>();
    /** drop.conf lines that matched but were not applied because the rule has noalert. */
    final List<PolicyLine> dropRefusedBy = new ArrayList<>();
    final List<PolicyLine> modifiedBy = new ArrayList<>();
    boolean loads;
    String text;

    RuleOutcome(String file, int line, boolean commentedOut, RuleText rule) {
        this.file = file;
        this.line = line;
        this.commentedOut = commentedOut;
        this.noalert = rule.noalert;
        this.noalertFlowbitSetter = rule.noalert && rule.setsFlowbits;
        this.text = rule.text;
        this.msg = rule.msg;
    }

    /** The rule's msg as written. */
    public String msg() {
        return msg;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** Written as {@code # alert ...} in its file. */
    public boolean commentedOut() {
        return commentedOut;
    }

    /** Sets flowbits and raises no alert: drop.conf never turns it into a drop. */
    public boolean noalertFlowbitSetter() {
        return noalertFlowbitSetter;
    }

    public boolean noalert() {
        return noalert;
    }

    /** The disable.conf line that switched it off, or null. */
    public PolicyLine disabledBy() {
        return disabledBy;
    }

    /** The enable.conf line that switched it on, or null. */
    public PolicyLine enabledBy() {
        return enabledBy;
    }

    public List<PolicyLine> droppedBy() {
        return Collections.unmodifiableList(droppedBy);
    }

    public List<PolicyLine> dropRefusedBy() {
        return Collections.unmodifiableList(dropRefusedBy);
    }

    public List<PolicyLine> modifiedBy() {
        return Collections.unmodifiableList(modifiedBy);
    }

    /** Whether the rule goes to the parser (enabled after the policy). */
    public boolean loads() {
        return loads;
    }

    /** The rule text after the policy. */
    public String text() {
        return text;
    }
}
