package dev.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.engine.ctl.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sluice ctl COMMAND}: asks a running {@code sluice run} over its control socket. Exit 0 when
 * the engine answered OK, 1 when it answered NOK (the message says why), 2 when no engine listens.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
        description = {"Talk to a running engine over its control socket.",
                "Commands: reload (rules, live; the old ones stay if the new ones fail), reload-time, stats, "
                        + "bans (list; --lift ADDR to lift one), reopen-log-files, command-list."})
final class CtlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "COMMAND", description = "reload, reload-time, stats, bans, reopen-log-files, command-list.")
    String command;

    @Option(names = "--socket", description = "The engine's control socket (default ${DEFAULT-VALUE}).",
            defaultValue = "/run/sluice/sluice.sock")
    Path socket;

    @Option(names = "--lift", paramLabel = "ADDR", description = "With bans: lift the ban of this address.")
    String lift;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String cmd = command;
        Map<String, Object> args = new LinkedHashMap<>();
        if ("bans".equals(cmd) && lift != null) {
            cmd = "ban-lift";
            args.put("address", lift);
        } else if (lift != null) {
            err.println("sluice: --lift goes with the bans command");
            return 2;
        }
        JsonNode answer;
        try {
            answer = ControlClient.request(socket, cmd, args);
        } catch (ControlClient.NoEngineException e) {
            err.println("sluice: " + e.getMessage());
            return 2;
        }
        JsonNode msg = answer.path("message");
        boolean ok = "OK".equals(answer.path("return").asText());
        String text = msg.isTextual() ? msg.asText() : new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(msg);
        if (ok) {
            out.println(text);
            out.flush();
            return 0;
        }
        err.println("sluice: " + text);
        return 1;
    }
}
