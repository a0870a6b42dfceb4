package dev.sluice.capture.priv;

import dev.sluice.capture.nfq.NfqConfig;
import dev.sluice.capture.nfq.Nfqueue;
import dev.sluice.capture.nfq.NfqueueHandle;
import dev.sluice.capture.raw.RawSender;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Child JVM of {@link PrivilegesTest} (args: user group keepNetRaw queue): drops privileges, then
 * prints, as "THREAD KEY VALUE" lines, what each kind of thread runs as and may do: "main" (the
 * caller of the drop), "after" (started by it afterwards), "before" (started before the drop).
 */
public final class PrivilegeDropProbe {
    private static final List<String> STATUS_KEYS = List.of(
            "Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs");

    private PrivilegeDropProbe() {
    }

    public static void main(String[] args) throws Exception {
        String user = args[0];
        String group = args[1];
        boolean keepNetRaw = Boolean.parseBoolean(args[2]);
        int queue = Integer.parseInt(args[3]);
        CountDownLatch dropped = new CountDownLatch(1);
        Thread before = new Thread(() -> {
            try {
                dropped.await();
                report("before", queue);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "before");
        before.setDaemon(true);    // never keeps the probe alive if main fails
        before.start();
        Privileges.Identity id;
        try {
            id = Privileges.dropTo(user, group, keepNetRaw);
        } catch (IOException e) {
            say("main drop failed " + e.getMessage());
            dropped.countDown();
            before.join();
            return;
        }
        try {
            say("main drop ok " + id.describe());
            report("main", queue);
            Thread after = new Thread(() -> report("after", queue), "after");
            after.start();
            after.join();
        } finally {
            dropped.countDown();
        }
        before.join(30_000);
        try {
            Privileges.dropTo(user, group, keepNetRaw);
            say("main again ok");
        } catch (IOException e) {
            say("main again " + e.getMessage());
        }
    }

    private static void report(String who, int queue) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                int colon = line.indexOf(':');
                if (colon > 0 && STATUS_KEYS.contains(line.substring(0, colon))) {
                    say(who + " " + line.substring(0, colon) + " " + line.substring(colon + 1).strip().replaceAll("\\s+", " "));
                }
            }
        } catch (IOException e) {
            say(who + " status " + e);
        }
        try (InputStream in = Files.newInputStream(Path.of("/etc/shadow"))) {
            say(who + " shadow opened");
        } catch (AccessDeniedException e) {
            say(who + " shadow denied");
        } catch (IOException e) {
            say(who + " shadow " + e);
        }
        try (NfqueueHandle h = Nfqueue.open(NfqConfig.of(queue))) {
            say(who + " nfqueue ok");
        } catch (IOException | RuntimeException e) {
            say(who + " nfqueue failed " + e.getMessage());
        }
        try (RawSender s = RawSender.open(0)) {
            say(who + " raw ok");
        } catch (IOException | RuntimeException e) {
            say(who + " raw failed " + e.getMessage());
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line.replace('\n', ' '));
        System.out.flush();
    }
}
