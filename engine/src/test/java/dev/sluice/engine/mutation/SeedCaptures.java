package dev.sluice.engine.mutation;

import dev.sluice.capture.Frame;
import dev.sluice.engine.source.PcapSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real captures as raw IP packets: each capture file becomes one conversation (its packets in
 * order, link layer removed, non-IP frames left out). Files are read in name order, so the seeds,
 * and the mutated traffic made from them, are the same on every run with the same corpus.
 */
public final class SeedCaptures {
    private SeedCaptures() {}

    /** At most this many packets are taken from one capture (the first ones: their handshakes). */
    static final int MAX_PACKETS_PER_CAPTURE = 600;

    /** The capture files under {@code dirs} (recursively), sorted by path. */
    public static List<Path> captures(Path... dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(d)) {
                s.filter(f -> f.toString().endsWith(".pcap") || f.toString().endsWith(".pcapng")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    /**
     * Conversations of the shared corpus loaded fewer than this: about 200 load today, so fewer
     * means the reader refuses captures it used to read, and the seeds have thinned unnoticed.
     */
    static final int CORPUS_FLOOR = 150;

    /**
     * {@link #load} of {@code files}, asserting when there are any (the shared corpus is present)
     * that at least {@link #CORPUS_FLOOR} conversations load; the failure names the captures refused.
     */
    public static List<List<byte[]>> loadCorpus(List<Path> files) {
        List<String> failures = new ArrayList<>();
        List<List<byte[]>> out = load(files, failures);
        if (!files.isEmpty() && out.size() < CORPUS_FLOOR) {
            throw new AssertionError("only " + out.size() + " of " + files.size() + " seed captures loaded (at least " + CORPUS_FLOOR
                    + " expected); refused: " + failures);
        }
        return out;
    }

    /** One conversation per readable capture that holds at least one IP packet; unreadable files are skipped. */
    public static List<List<byte[]>> load(List<Path> files) {
        return load(files, new ArrayList<>());
    }

    /** As {@link #load(List)}, adding "file: why" to {@code failures} for each capture the reader refuses. */
    static List<List<byte[]>> load(List<Path> files, List<String> failures) {
        List<List<byte[]>> out = new ArrayList<>();
        Frame f = new Frame();
        for (Path file : files) {
            List<byte[]> conv = new ArrayList<>();
            try (PcapSource src = PcapSource.open(file)) {
                while (conv.size() < MAX_PACKETS_PER_CAPTURE && src.next(f)) {
                    int off = ipOffset(f.data, f.length, f.linkType);
                    if (off >= 0 && off < f.length) {
                        conv.add(Arrays.copyOfRange(f.data, off, f.length));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A capture the reader refuses is no seed (the reader's own tests cover it); named if too few load.
                failures.add(file.getFileName() + ": " + e.getMessage());
            }
            if (!conv.isEmpty()) {
                out.add(conv);
            }
        }
        return out;
    }

    /** Offset of the IP header under the link layer, or -1 when the frame carries no IP. */
    static int ipOffset(byte[] d, int len, int linkType) {
        int off;
        int type;
        switch (linkType) {
            case Frame.LINK_ETHERNET -> {
                off = 14;
                type = RawPackets.u16(d, 12);
            }
            case Frame.LINK_LINUX_SLL -> {
                off = 16;
                type = RawPackets.u16(d, 14);
            }
            case Frame.LINK_LINUX_SLL2 -> {
                off = 20;
                type = RawPackets.u16(d, 0);
            }
            case Frame.LINK_NULL, Frame.LINK_LOOP -> {
                return len > 4 && isIp(d[4]) ? 4 : -1;
            }
            case Frame.LINK_RAW, Frame.LINK_RAW_DLT12, Frame.LINK_RAW_DLT14, Frame.LINK_IPV4, Frame.LINK_IPV6 -> {
                return len > 0 && isIp(d[0]) ? 0 : -1;
            }
            default -> {
                return -1;
            }
        }
        for (int tags = 0; tags < 3 && (type == 0x8100 || type == 0x88a8 || type == 0x9100) && off + 4 <= len; tags++) {
            type = RawPackets.u16(d, off + 2);
            off += 4;
        }
        return (type == 0x0800 || type == 0x86dd) && off < len && isIp(d[off]) ? off : -1;
    }

    private static boolean isIp(byte b) {
        int v = (b & 0xff) >>> 4;
        return v == 4 || v == 6;
    }
}
