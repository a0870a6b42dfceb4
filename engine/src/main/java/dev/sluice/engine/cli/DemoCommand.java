package dev.sluice.engine.cli;

import dev.sluice.engine.demo.Demo;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code sluice demo}: see {@link Demo}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Show Sluice blocking attacks on this machine, in seconds (needs root).",
            "Builds two network namespaces joined by a veth pair: a web server in one, its traffic through NFQUEUE"
                + " to 'sluice run' with a demo rule set; clean and attack requests from the other. Prints which"
                + " got through and the fast.log lines, then removes everything it made (also on Ctrl-C).",
            "Exit status: 0 when every clean request passed and every attack was blocked, 1 otherwise,"
                + " 2 when it cannot run here."})
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return new Demo(System.out, System.err).run();
    }
}
