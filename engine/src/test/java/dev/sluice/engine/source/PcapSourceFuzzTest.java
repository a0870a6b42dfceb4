package dev.sluice.engine.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.capture.Frame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzz target (Jazzer) of the capture reader: the input is a whole capture file,
 * read once leniently and once strictly. Seeds: {@code PcapSourceFuzzTestInputs/} (the sample
 * capture and small pcap/pcapng files).
 */
class PcapSourceFuzzTest {
    /** One scratch file per JVM, rewritten for every input (fuzzing runs one input at a time). */
    private static final Path FILE = scratchFile();
    /** Smallest record or packet block, in bytes: bounds the number of frames a file can hold. */
    private static final int MIN_RECORD = 16;
    private static final String OPEN_FAILED = "open failed: ";
    private static final String THREW = "threw: ";

    @FuzzTest
    void anyFileReadsCleanlyOrFailsWithItsOffset(byte[] input) throws IOException {
        Files.write(FILE, input);
        List<String> lenient = new ArrayList<>();
        String lenientEnd = read(false, lenient, input.length);
        List<String> strict = new ArrayList<>();
        String strictEnd = read(true, strict, input.length);

        if (lenientEnd != null && lenientEnd.startsWith(OPEN_FAILED)) {
            assertEquals(lenientEnd, strictEnd, "strict and lenient opening disagree");
            return;
        }
        assertFalse(lenientEnd != null && lenientEnd.startsWith(THREW), "lenient reading threw: " + lenientEnd);
        assertEquals(lenient, strict, "strict mode must read the same packets up to its error");
        boolean corruptRecord = lenientEnd != null && lenientEnd.endsWith("the rest of the file is ignored");
        boolean strictThrew = strictEnd != null && strictEnd.startsWith(THREW);
        assertEquals(corruptRecord, strictThrew,
                "strict mode must throw exactly where lenient mode gives up on a corrupt record; lenient: "
                        + lenientEnd + ", strict: " + strictEnd);
    }

    /**
     * Reads every packet into {@code frames} (a summary each) and says how the capture ended: null
     * (cleanly), the source's warning, {@link #THREW} and the error of {@code next}, or {@link
     * #OPEN_FAILED} and the error of opening.
     */
    private static String read(boolean strict, List<String> frames, int fileSize) {
        PcapSource src;
        try {
            src = PcapSource.open(FILE, strict);
        } catch (IOException e) {
            assertLocated(e);
            return OPEN_FAILED + e.getMessage();
        }
        long bytes = 0;
        Frame f = new Frame();
        int bound = fileSize / MIN_RECORD + 1;
        try (src) {
            for (int i = 0; i <= bound; i++) {
                boolean got;
                try {
                    got = src.next(f);
                } catch (IOException e) {
                    assertLocated(e);
                    return THREW + e.getMessage();
                }
                if (!got) {
                    assertFalse(src.next(f), "a finished source must stay finished");
                    return src.warning();
                }
                assertTrue(f.length >= 0 && f.length <= PcapSource.MAX_CAPLEN && f.length <= f.data.length,
                        "captured length " + f.length);
                assertTrue(f.wireLength >= f.length, "wire length " + f.wireLength + " below captured " + f.length);
                assertTrue(f.tsNanos >= 0 && f.tsNanos < 1_000_000_000, "nanoseconds " + f.tsNanos);
                assertEquals(i + 1, f.id, "frame id is its 1-based number");
                bytes += f.length;
                assertTrue(bytes <= fileSize, "more packet bytes than the file holds");
                frames.add(f.linkType + "/" + f.length + "/" + f.wireLength + "/" + f.tsSeconds + "." + f.tsNanos
                        + "/" + Arrays.hashCode(Arrays.copyOf(f.data, f.length)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fail("more than " + bound + " packets from a file of " + fileSize + " bytes");
        return null;
    }

    /** Errors name the file and the byte offset, on one line. */
    private static void assertLocated(IOException e) {
        String m = e.getMessage();
        assertTrue(m != null && m.startsWith(FILE.toString() + ": ") && m.contains("(at byte offset ")
                && m.indexOf('\n') < 0, "error without its location: " + m);
    }

    private static Path scratchFile() {
        try {
            Path p = Files.createTempFile("sluice-pcap-fuzz", ".pcap");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
