package dev.sluice.engine.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.sluice.engine.output.Events.tcpAlert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OutputWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void drainsEverythingOnCloseInOrder() throws Exception {
        OutputWriter w = new OutputWriter(dir);
        int n = 20_000;
        for (int i = 1; i <= n; i++) {
            assertTrue(w.offer(tcpAlert().pcapCnt(i).build()));
        }
        w.close();
        assertEquals(n, w.written());
        assertEquals(0, w.lost());
        assertEquals(0, w.writeErrors());
        List<String> eve = lines(dir.resolve("eve.json"));
        List<String> fast = lines(dir.resolve("fast.log"));
        assertEquals(n, eve.size());
        assertEquals(n, fast.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, JSON.readTree(eve.get(i)).get("pcap_cnt").asLong());
        }
        assertEquals(FastLogFormatter.format(tcpAlert().build()), fast.get(0));
    }

    @Test
    void manyWorkersKeepEachWorkersOrderAndLoseNothing() throws Exception {
        OutputWriter w = new OutputWriter(dir, 64, 10_000);
        int workers = 4;
        int each = 5_000;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < workers; t++) {
            int worker = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    w.offer(tcpAlert().flowId(worker + 1).pcapCnt(i + 1).build());
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        w.close();
        assertEquals(0, w.lost());
        List<String> eve = lines(dir.resolve("eve.json"));
        assertEquals(workers * each, eve.size());
        long[] last = new long[workers + 1];
        for (String line : eve) {
            JsonNode node = JSON.readTree(line);
            int worker = node.get("flow_id").asInt();
            long cnt = node.get("pcap_cnt").asLong();
            assertEquals(last[worker] + 1, cnt, "worker " + worker + " out of order");
            last[worker] = cnt;
        }
    }

    @Test
    void dropRecordsGoToEveOnly() throws Exception {
        OutputWriter w = new OutputWriter(dir);
        w.offer(tcpAlert().mark(AlertEvent.FastMark.DROP).alert("blocked", 1, 5, 1, "d", null, 3).build());
        w.offer(tcpAlert().type(AlertEvent.Type.DROP).alert("blocked", 1, 5, 1, "d", null, 3)
                .drop(new AlertEvent.DropDetail(4, 40, 0, 64, 1, 0, 0, 0, 0x10, -1, -1, -1, "rules")).build());
        w.close();
        List<String> eve = lines(dir.resolve("eve.json"));
        assertEquals(2, eve.size());
        assertEquals("alert", JSON.readTree(eve.get(0)).get("event_type").asText());
        assertEquals("drop", JSON.readTree(eve.get(1)).get("event_type").asText());
        List<String> fast = lines(dir.resolve("fast.log"));
        assertEquals(1, fast.size());
        assertTrue(fast.get(0).contains("  [Drop] [**] [1:5:1] d [**]"));
    }

    @Test
    void aFullQueueCountsLossesInsteadOfDroppingSilently() throws Exception {
        OutputWriter w = new OutputWriter(dir, 2, 1, false);    // writer not started: the queue fills
        assertTrue(w.offer(tcpAlert().pcapCnt(1).build()));
        assertTrue(w.offer(tcpAlert().pcapCnt(2).build()));
        assertFalse(w.offer(tcpAlert().pcapCnt(3).build()));
        assertEquals(1, w.lost());
        w.start();
        w.close();
        assertEquals(2, w.written());
        assertEquals(2, lines(dir.resolve("eve.json")).size());
    }

    @Test
    void offersAfterCloseAreRefusedAndCounted() throws Exception {
        OutputWriter w = new OutputWriter(dir);
        w.offer(tcpAlert().build());
        w.close();
        assertFalse(w.offer(tcpAlert().build()));
        assertEquals(1, w.lost());
        assertEquals(1, w.written());
        w.close();    // a second close does nothing
        assertEquals(1, lines(dir.resolve("fast.log")).size());
    }

    @Test
    void appendsToExistingFiles() throws Exception {
        Files.writeString(dir.resolve("fast.log"), "old line\n");
        OutputWriter w = new OutputWriter(dir);
        w.offer(tcpAlert().build());
        w.close();
        List<String> fast = lines(dir.resolve("fast.log"));
        assertEquals(2, fast.size());
        assertEquals("old line", fast.get(0));
    }

    @Test
    void newFilesAreNotWorldReadable() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        OutputWriter w = new OutputWriter(dir);
        w.close();
        for (String name : List.of("fast.log", "eve.json")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir.resolve(name));
            assertFalse(perms.contains(PosixFilePermission.OTHERS_READ), name + " " + perms);
            assertFalse(perms.contains(PosixFilePermission.GROUP_WRITE), name + " " + perms);
            assertTrue(perms.contains(PosixFilePermission.OWNER_WRITE), name + " " + perms);
        }
    }

    @Test
    void reopenStartsFreshFilesAfterRotation() throws Exception {
        OutputWriter w = new OutputWriter(dir);
        w.offer(tcpAlert().pcapCnt(1).build());
        waitUntil(() -> w.written() == 1 && sizeOf(dir.resolve("eve.json")) > 0);
        Files.move(dir.resolve("fast.log"), dir.resolve("fast.log.1"));
        Files.move(dir.resolve("eve.json"), dir.resolve("eve.json.1"));
        assertTrue(w.reopen());
        w.offer(tcpAlert().pcapCnt(2).build());
        w.close();
        assertEquals(1, JSON.readTree(lines(dir.resolve("eve.json.1")).get(0)).get("pcap_cnt").asInt());
        List<String> fresh = lines(dir.resolve("eve.json"));
        assertEquals(1, fresh.size());
        assertEquals(2, JSON.readTree(fresh.get(0)).get("pcap_cnt").asInt());
        assertEquals(1, lines(dir.resolve("fast.log")).size());
        assertEquals(1, lines(dir.resolve("fast.log.1")).size());
    }

    @Test
    void linesAreFlushedWhenTheQueueRunsEmpty() throws Exception {
        OutputWriter w = new OutputWriter(dir);
        try {
            w.offer(tcpAlert().build());
            waitUntil(() -> sizeOf(dir.resolve("fast.log")) > 0);
            String content = Files.readString(dir.resolve("fast.log"));
            assertTrue(content.endsWith("\n"));
            assertEquals(1, content.split("\n").length);
        } finally {
            w.close();
        }
    }

    @Test
    void nonAsciiMessagesAreWrittenAsUtf8() throws Exception {
        OutputWriter w = new OutputWriter(dir);
        w.offer(tcpAlert().alert("allowed", 1, 1, 1, "héllo 中文", null, 3).build());
        w.close();
        assertTrue(Files.readString(dir.resolve("fast.log"), StandardCharsets.UTF_8).contains("héllo 中文"));
        assertEquals("héllo 中文",
                JSON.readTree(lines(dir.resolve("eve.json")).get(0)).get("alert").get("signature").asText());
    }

    private static List<String> lines(Path p) throws Exception {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (Exception e) {
            return -1;
        }
    }

    private interface Check {
        boolean ok();
    }

    private static void waitUntil(Check c) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!c.ok()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting");
            Thread.sleep(5);
        }
    }

}
