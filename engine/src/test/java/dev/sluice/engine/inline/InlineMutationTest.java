package dev.sluice.engine.inline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.capture.netns.NetNs;
import dev.sluice.engine.ctl.ControlClient;
import dev.sluice.engine.mutation.MutatedTraffic;
import dev.sluice.engine.mutation.ParserThrows;
import dev.sluice.engine.mutation.PropertyRules;
import dev.sluice.engine.mutation.SeedCaptures;
import dev.sluice.engine.source.TestCorpus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated packets through a real NFQUEUE: the client namespace writes damaged raw IP packets
 * (from {@link MutatedTraffic}) onto its veth with an AF_PACKET socket, the server namespace
 * queues everything it receives in raw PREROUTING, before conntrack, to {@code sluice run}. The
 * kernel discards some of them before the hook (bad IPv4 header checksum or lengths); every packet
 * it queued must get the engine's verdict (none left waiting in the queue, accepted plus dropped
 * equal to those queued), none may be dropped on a full queue, no packet may throw in the engine
 * and no app-layer parser may throw, a clean connection works afterwards and the engine stops cleanly.
 */
@Timeout(240)
class InlineMutationTest {
    /** Packets written by the client; {@code -Dsluice.mutation.inline-packets} changes it. */
    static final int PACKETS = Integer.getInteger("sluice.mutation.inline-packets", 30_000);
    /** Largest IP packet sent (the veth MTU). */
    static final int MTU = 1500;

    /** Sender: argv iface dst-mac file; the file holds packets as | length 2 | bytes |. Prints "SENT n FAILED m". */
    private static final String SENDER = """
            import socket, struct, sys, time
            iface, dmac, path = sys.argv[1], sys.argv[2], sys.argv[3]
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind((iface, 0))
            smac = s.getsockname()[4]
            dm = bytes.fromhex(dmac.replace(":", ""))
            data = open(path, "rb").read()
            off = sent = failed = 0
            end = time.time() + 120
            while off + 2 <= len(data) and time.time() < end:
                n = struct.unpack_from(">H", data, off)[0]
                p = data[off + 2:off + 2 + n]
                off += 2 + n
                et = b"\\x86\\xdd" if p and p[0] >> 4 == 6 else b"\\x08\\x00"
                try:
                    s.send(dm + smac + et + p)
                    sent += 1
                except OSError:
                    failed += 1
                if (sent + failed) % 50 == 0:
                    time.sleep(0.005)
            print("SENT", sent, "FAILED", failed, flush=True)
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void needsNfqueue() throws Exception {
        InlineRig.assumeInline();
    }

    @Test
    void everyQueuedMutatedPacketGetsAVerdictAndCleanTrafficStillFlows() throws Exception {
        Path shared = TestCorpus.shared();
        List<List<byte[]>> captures = shared == null ? List.of()
                : SeedCaptures.loadCorpus(SeedCaptures.captures(shared.resolve("corpus/pcaps"), shared.resolve("corpus/suricata-verify")));
        long seed = 0x1e71_5eedL;
        MutatedTraffic traffic = new MutatedTraffic(seed, captures);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = 0;
        for (int i = 0; written < PACKETS && i < PACKETS * 2; i++) {
            byte[] p = traffic.next();
            if (p.length == 0 || p.length > MTU) {
                continue;
            }
            out.write(p.length >>> 8);
            out.write(p.length);
            out.writeBytes(p);
            written++;
        }
        Path packets = dir.resolve("mutated.bin");
        Files.write(packets, out.toByteArray());

        try (InlineRig rig = new InlineRig(dir)) {
            rig.engineHeap = "1g";
            Files.writeString(rig.rulesFile(), InlineRig.RULES + PropertyRules.RULES);
            Path sock = dir.resolve("ctl.sock");
            List<String> args = new ArrayList<>(List.of("--socket", sock.toString()));
            if (shared != null) {
                for (String f : List.of("emerging-web_server.rules", "emerging-dns.rules")) {
                    Path p = shared.resolve("corpus/et-open").resolve(f);
                    if (Files.isRegularFile(p)) {
                        args.add("-S");
                        args.add(p.toString());
                    }
                }
            }
            rig.startEngine(args.toArray(String[]::new));
            // Everything the server receives, before routing and conntrack, whatever its addresses.
            for (String tool : new String[] {"iptables", "ip6tables"}) {
                rig.server.exec(tool, "-t", "raw", "-I", "PREROUTING", "!", "-i", "lo", "-j", "NFQUEUE",
                        "--queue-num", "0", "--queue-bypass");
            }
            String serverMac = macOf(rig.server);
            String clientIf = ifaceOf(rig.client);
            String sent = NetNs.run(Duration.ofSeconds(150), "ip", "netns", "exec", rig.client.name(), "python3", "-c", SENDER,
                    clientIf, serverMac, packets.toString()).strip();
            assertTrue(sent.startsWith("SENT "), sent);

            // The engine catches up with what the kernel queued (bounded wait).
            JsonNode[] engineStats = new JsonNode[1];
            String[] k = settled(rig, sock, engineStats);
            JsonNode stats = engineStats[0];
            long queued = Long.parseLong(k[7]);
            System.out.printf(Locale.ROOT, "inline mutation: seed %d, %d packets written (%s), %d queued by the kernel, engine: %s%n",
                    seed, written, sent, queued, stats);
            // queue_num portid queue_total copy_mode copy_range queue_dropped user_dropped id_sequence 1
            assertEquals("0", k[5], "kernel queue drops: " + String.join(" ", k));
            assertEquals("0", k[6], "netlink (user) drops: " + String.join(" ", k));
            assertEquals("0", k[2], "packets still waiting in the kernel for a verdict: " + String.join(" ", k));
            assertEquals(queued, stats.path("packets").asLong(), "every queued packet reached the engine: " + stats);
            assertEquals(queued, stats.path("accepted").asLong() + stats.path("dropped").asLong(),
                    "every queued packet was answered: " + stats);
            assertEquals(0, stats.path("errors").asLong(), stats.toString());
            java.util.Map<String, Long> counters = new java.util.TreeMap<>();
            stats.path("counters").fields().forEachRemaining(e -> counters.put(e.getKey(), e.getValue().asLong()));
            assertEquals(java.util.Map.of(), ParserThrows.of(counters), "a parser threw: " + stats);
            assertTrue(queued > written / 4L, "most mutated packets pass the kernel's checks: " + queued + " of " + written);
            assertFalse(rig.engineStderr().contains("error on packet"), rig.engineStderr());

            rig.assertCleanEcho(20_000);
            assertEquals(0, rig.stopEngine(), rig.engineStderr());
            assertFalse(rig.engineStderr().contains("error on packet"), rig.engineStderr());
        }
    }

    /**
     * The kernel's queue line once the engine has seen every packet queued and none waits for a
     * verdict any more (queue_total 0), or after 20 s, with the engine's stats read just before it
     * in {@code stats[0]}.
     */
    private static String[] settled(InlineRig rig, Path sock, JsonNode[] stats) throws Exception {
        String[] k = new String[0];
        for (int i = 0; i < 100; i++) {
            stats[0] = ControlClient.request(sock, "stats", null).path("message");
            k = rig.kernelQueueLine().split("\\s+");
            if (k.length > 7 && Long.parseLong(k[7]) == stats[0].path("packets").asLong() && k[2].equals("0")) {
                return k;
            }
            Thread.sleep(200);
        }
        return k;
    }

    /** MAC address of the namespace's veth (its one link besides lo). */
    private static String macOf(NetNs ns) throws IOException {
        String[] f = vethLine(ns).split("\\s+");
        for (int i = 0; i + 1 < f.length; i++) {
            if (f[i].equals("link/ether")) {
                return f[i + 1];
            }
        }
        throw new AssertionError("no MAC in " + String.join(" ", f));
    }

    private static String ifaceOf(NetNs ns) throws IOException {
        String name = vethLine(ns).split(":\\s+")[1];
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    private static String vethLine(NetNs ns) throws IOException {
        return ns.exec("ip", "-o", "link", "show").lines().filter(l -> l.contains("link/ether")).findFirst()
                .orElseThrow(() -> new AssertionError("no veth in " + ns.name()));
    }
}
