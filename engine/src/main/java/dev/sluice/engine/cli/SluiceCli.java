package dev.sluice.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/sluice}. */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = SluiceCli.Version.class,
        description = "Inline intrusion prevention for Linux servers: Suricata rules over captures and NFQUEUE.",
        subcommands = {PcapCommand.class, RunCommand.class, RulesCommand.class, CtlCommand.class,
                dev.sluice.engine.review.ReviewCommand.class, dev.sluice.engine.review.ReportCommand.class, ListKeywordsCommand.class,
                DemoCommand.class})
public final class SluiceCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit status (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new SluiceCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("sluice: " + oneLine(ex));
            if (System.getenv("SLUICE_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 2;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("sluice: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl.execute(args);
    }

    static String oneLine(Throwable ex) {
        // The file-system exceptions carry only the path as their message.
        if (ex instanceof java.nio.file.NoSuchFileException) {
            return ex.getMessage() + ": no such file";
        }
        if (ex instanceof java.nio.file.AccessDeniedException) {
            return ex.getMessage() + ": permission denied";
        }
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            m = ex.getClass().getSimpleName();
        }
        return m.replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SluiceCli.class.getPackage().getImplementationVersion();
            return new String[] {"sluice " + (v == null ? "dev" : v)};
        }
    }
}
