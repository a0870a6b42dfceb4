package dev.sluice.engine.source;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.capture.Frame;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapSourceTest {
    @TempDir
    Path dir;

    private static final byte[] A = bytes(60, 0x11);
    private static final byte[] B = bytes(61, 0x22);

    private static byte[] bytes(int n, int fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        b[0] = (byte) n;
        return b;
    }

    private static ByteOrder order(boolean big) {
        return big ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsClassicMicrosecondPcapInBothByteOrders(boolean big) throws IOException {
        byte[] file = new CaptureWriter(order(big)).pcapHeader(0xA1B2C3D4, 1)
                .pcapRecord(1_700_000_000L, 123_456, A, 1500).pcapRecord(1_700_000_001L, 999_999, B, 61)
                .bytes();
        try (PcapSource src = PcapSource.open(write("m.pcap", file))) {
            assertFalse(src.isPcapng());
            assertEquals(1, src.linkType());
            Frame f = new Frame();
            assertTrue(src.next(f));
            assertEquals(1, f.id);
            assertEquals(60, f.length);
            assertEquals(1500, f.wireLength);
            assertEquals(1, f.linkType);
            assertEquals(1_700_000_000L, f.tsSeconds);
            assertEquals(123_456_000, f.tsNanos);
            assertArrayEquals(A, Arrays.copyOf(f.data, f.length));
            assertTrue(src.next(f));
            assertEquals(2, f.id);
            assertEquals(999_999_000, f.tsNanos);
            assertArrayEquals(B, Arrays.copyOf(f.data, f.length));
            assertFalse(src.next(f));
            assertFalse(src.next(f));
            assertNull(src.warning());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsClassicNanosecondPcap(boolean big) throws IOException {
        byte[] file = new CaptureWriter(order(big)).pcapHeader(0xA1B23C4D, 101)
                .pcapRecord(5, 123_456_789, A, 60).bytes();
        try (PcapSource src = PcapSource.open(write("n.pcap", file))) {
            assertEquals(101, src.linkType());
            Frame f = new Frame();
            assertTrue(src.next(f));
            assertEquals(5, f.tsSeconds);
            assertEquals(123_456_789, f.tsNanos);
            assertEquals(101, f.linkType);
        }
    }

    @Test
    void truncatedLastRecordEndsCleanlyWithWarning() throws IOException {
        byte[] full = new CaptureWriter(ByteOrder.LITTLE_ENDIAN).pcapHeader(0xA1B2C3D4, 1)
                .pcapRecord(1, 0, A, 60).pcapRecord(2, 0, B, 61).bytes();
        for (int cut : new int[] {10, 30}) {
            Path f = write("t" + cut + ".pcap", Arrays.copyOf(full, full.length - cut));
            try (PcapSource src = PcapSource.open(f)) {
                Frame fr = new Frame();
                assertTrue(src.next(fr));
                assertFalse(src.next(fr));
                assertNotNull(src.warning());
                assertTrue(src.warning().contains("(at byte offset 100)"), src.warning());
                assertEquals(1, src.count());
            }
        }
    }

    @Test
    void badMagicThrowsWithFileAndOffset() throws IOException {
        Path f = write("bad.pcap", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        IOException e = assertThrows(IOException.class, () -> PcapSource.open(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(at byte offset 0)"), e.getMessage());
        assertThrows(IOException.class, () -> PcapSource.open(write("empty.pcap", new byte[0])));
    }

    private Path absurdCaplenFile() throws IOException {
        CaptureWriter w = new CaptureWriter(ByteOrder.LITTLE_ENDIAN).pcapHeader(0xA1B2C3D4, 1)
                .pcapRecord(1, 0, A, 60);
        byte[] rec = java.nio.ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(2).putInt(0).putInt(300_000).putInt(300_000).array();
        return write("huge.pcap", w.raw(rec).raw(new byte[100]).bytes());
    }

    @Test
    void absurdCaptureLengthThrowsInStrictMode() throws IOException {
        try (PcapSource src = PcapSource.open(absurdCaplenFile(), true)) {
            Frame fr = new Frame();
            assertTrue(src.next(fr));
            IOException e = assertThrows(IOException.class, () -> src.next(fr));
            assertTrue(e.getMessage().contains("captured length 300000"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(at byte offset 100)"), e.getMessage());
        }
    }

    @Test
    void absurdCaptureLengthEndsCaptureWithWarningByDefault() throws IOException {
        try (PcapSource src = PcapSource.open(absurdCaplenFile())) {
            Frame fr = new Frame();
            assertTrue(src.next(fr));
            assertFalse(src.next(fr));
            assertFalse(src.next(fr));
            assertEquals(1, src.count());
            assertTrue(src.warning().contains("captured length 300000"), src.warning());
            assertTrue(src.warning().contains("(at byte offset 100)"), src.warning());
        }
    }

    @Test
    void growsFrameForLargePackets() throws IOException {
        byte[] big = bytes(200_000, 0x33);
        Path f = write("big.pcap", new CaptureWriter(ByteOrder.LITTLE_ENDIAN).pcapHeader(0xA1B2C3D4, 1)
                .pcapRecord(1, 0, big, big.length).pcapRecord(1, 1, A, 60).bytes());
        try (PcapSource src = PcapSource.open(f)) {
            Frame fr = new Frame();
            assertTrue(src.next(fr));
            assertEquals(200_000, fr.length);
            assertArrayEquals(big, Arrays.copyOf(fr.data, fr.length));
            assertTrue(src.next(fr));
            assertArrayEquals(A, Arrays.copyOf(fr.data, fr.length));
        }
    }

    @Test
    void readingDoesNotAllocatePerPacket() throws IOException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        CaptureWriter w = new CaptureWriter(ByteOrder.LITTLE_ENDIAN).shb().idb(1, -1, 0);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            w.epb(0, i, (i & 1) == 0 ? A : B, 60);
        }
        Path f = write("many.pcapng", w.bytes());
        try (PcapSource src = PcapSource.open(f)) {
            Frame fr = new Frame();
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            int got = 0;
            while (src.next(fr)) {
                got++;
            }
            long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            assertEquals(n, got);
            // A few refills of the 1 MiB buffer may allocate a little; packets must not.
            assertTrue(allocated < n, "allocated " + allocated + " bytes for " + n + " packets");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsPcapngWithInterfacesResolutionsAndBlockKinds(boolean big) throws IOException {
        byte[] file = new CaptureWriter(order(big))
                .shb()
                .idb(1, -1, 0) // Ethernet, microseconds
                .otherBlock(4, 20) // name resolution: skipped
                .idb(101, 9, 0) // raw IP, nanoseconds
                .idb(113, 0x80 | 10, 100) // SLL, 2^-10 s, +100 s
                .epb(0, 1_700_000_000_123_456L, A, 1514)
                .epb(1, 1_700_000_000_123_456_789L, B, 61)
                .epb(2, (7L << 10) | 512, A, 60)
                .spb(B, 61)
                .obsoletePb(1, 2_000_000_001L, A)
                .otherBlock(5, 16) // interface statistics: skipped
                .bytes();
        try (PcapSource src = PcapSource.open(write("x.pcapng", file))) {
            assertTrue(src.isPcapng());
            assertEquals(1, src.linkType());
            Frame f = new Frame();
            assertTrue(src.next(f));
            assertEquals(1, f.linkType);
            assertEquals(1_700_000_000L, f.tsSeconds);
            assertEquals(123_456_000, f.tsNanos);
            assertEquals(1514, f.wireLength);
            assertArrayEquals(A, Arrays.copyOf(f.data, f.length));

            assertTrue(src.next(f));
            assertEquals(101, f.linkType);
            assertEquals(1_700_000_000L, f.tsSeconds);
            assertEquals(123_456_789, f.tsNanos);
            assertArrayEquals(B, Arrays.copyOf(f.data, f.length));

            assertTrue(src.next(f));
            assertEquals(113, f.linkType);
            assertEquals(107, f.tsSeconds);
            assertEquals(500_000_000, f.tsNanos);

            assertTrue(src.next(f));
            assertEquals(1, f.linkType, "simple packet blocks belong to interface 0");
            assertEquals(61, f.length);
            assertArrayEquals(B, Arrays.copyOf(f.data, f.length));

            assertTrue(src.next(f));
            assertEquals(101, f.linkType);
            assertEquals(2, f.tsSeconds);
            assertEquals(1, f.tsNanos);
            assertEquals(5, f.id);

            assertFalse(src.next(f));
            assertNull(src.warning());
        }
    }

    @Test
    void newSectionMayChangeByteOrderAndInterfaces() throws IOException {
        byte[] first = new CaptureWriter(ByteOrder.LITTLE_ENDIAN).shb().idb(1, -1, 0).epb(0, 1, A, 60).bytes();
        byte[] second = new CaptureWriter(ByteOrder.BIG_ENDIAN).shb().idb(229, -1, 0).epb(0, 2_000_000, B, 61)
                .bytes();
        byte[] file = new byte[first.length + second.length];
        System.arraycopy(first, 0, file, 0, first.length);
        System.arraycopy(second, 0, file, first.length, second.length);
        try (PcapSource src = PcapSource.open(write("two.pcapng", file))) {
            Frame f = new Frame();
            assertTrue(src.next(f));
            assertEquals(1, f.linkType);
            assertTrue(src.next(f));
            assertEquals(229, f.linkType);
            assertEquals(2, f.tsSeconds);
            assertFalse(src.next(f));
        }
    }

    @Test
    void truncatedPcapngBlockEndsCleanly() throws IOException {
        byte[] file = new CaptureWriter(ByteOrder.LITTLE_ENDIAN).shb().idb(1, -1, 0).epb(0, 1, A, 60)
                .epb(0, 2, B, 61).bytes();
        try (PcapSource src = PcapSource.open(write("t.pcapng", Arrays.copyOf(file, file.length - 20)))) {
            Frame f = new Frame();
            assertTrue(src.next(f));
            assertFalse(src.next(f));
            assertNotNull(src.warning());
        }
    }

    @Test
    void corruptPcapngThrows() throws IOException {
        byte[] noIface = new CaptureWriter(ByteOrder.LITTLE_ENDIAN).shb().epb(0, 1, A, 60).bytes();
        assertThrows(IOException.class, () -> PcapSource.open(write("c1.pcapng", noIface)));

        byte[] badBom = new CaptureWriter(ByteOrder.LITTLE_ENDIAN).shb().bytes();
        badBom[8] = 0;
        IOException e = assertThrows(IOException.class, () -> PcapSource.open(write("c2.pcapng", badBom)));
        assertTrue(e.getMessage().endsWith("(at byte offset 8)"), e.getMessage());

        byte[] badLen = new CaptureWriter(ByteOrder.LITTLE_ENDIAN).shb().idb(1, -1, 0).epb(0, 1, A, 60).bytes();
        int epb = 28 + 24;
        badLen[epb + 4] = 13; // block length not a multiple of 4
        Path c3 = write("c3.pcapng", badLen);
        try (PcapSource src = PcapSource.open(c3, true)) {
            IOException e2 = assertThrows(IOException.class, () -> src.next(new Frame()));
            assertTrue(e2.getMessage().endsWith("(at byte offset " + epb + ")"), e2.getMessage());
        }
        try (PcapSource src = PcapSource.open(c3)) {
            assertFalse(src.next(new Frame()));
            assertTrue(src.warning().contains("bad block length 13"), src.warning());
        }
    }
}
