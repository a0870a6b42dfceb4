package dev.sluice.signatures;

import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;
import dev.sluice.signatures.header.AddressMatcher;
import dev.sluice.signatures.header.HeaderParser;
import dev.sluice.signatures.match.FlowbitNames;
import dev.sluice.signatures.vars.Variables;

import java.nio.file.Path;

/** What a load of rule files shares: variables, classifications, flowbit, flowint and xbits names. Loading thread only. */
public final class LoadContext {
    public final Variables variables;
    public final ClassificationConfig classifications;
    public final ReferenceConfig references;
    public final FlowbitNames flowbits = new FlowbitNames();
    /** Flowint variable names to indexes into a flow's integers. */
    public final FlowbitNames flowints = new FlowbitNames();
    /** xbits / hostbits names to bit indexes of the host-bit store (host and ip-pair bits share it). */
    public final FlowbitNames xbits = new FlowbitNames();
    /** Folder of the rule file being loaded, for relative file names inside rules. */
    public Path ruleDir;

    /**
     * Keeps {@code previous}'s flowbit, flowint and xbits indexes (a live rule reload: flows and
     * hosts keep their bits under the same names). Call before any rule is loaded.
     */
    public void keepNamesOf(LoadContext previous) {
        flowbits.seedFrom(previous.flowbits);
        flowints.seedFrom(previous.flowints);
        xbits.seedFrom(previous.xbits);
    }

    /** $HOME_NET compiled with these variables, or null when it is unset or does not compile. */
    public AddressMatcher homeNet() {
        if (variables.address("HOME_NET") == null) {
            return null;
        }
        try {
            return new HeaderParser(variables).address("$HOME_NET");
        } catch (RuleException e) {
            return null;
        }
    }

    public LoadContext(Variables variables, ClassificationConfig classifications, ReferenceConfig references) {
        this.variables = variables;
        this.classifications = classifications;
        this.references = references;
    }
}
