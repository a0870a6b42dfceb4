package dev.sluice.engine.source;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a capture file, classic libpcap or pcapng, told apart by the first four bytes.
 *
 * <pre>
 * Classic pcap: global header (24 bytes), then records.
 * +-----------+-------+-------+----------+---------+-----------+------------+
 * | magic 4   | maj 2 | min 2 | zone 4   | sigfigs | snaplen 4 | linktype 4 |
 * +-----------+-------+-------+----------+---------+-----------+------------+
 *   magic a1b2c3d4 = microseconds, a1b23c4d = nanoseconds, a1b2cd34 = Kuznetzov's modified
 *   format (8 more bytes per record header); read in either byte order. Linktype: low 16 bits.
 * record: | ts seconds 4 | ts sub-second 4 | captured length 4 | original length 4 | data ... |
 *
 * pcapng: blocks, each | type 4 | total length 4 | body ... | total length 4 |
 *   0x0A0D0D0A section header: | byte-order magic 1A2B3C4D 4 | major 2 | minor 2 | section length 8 | options |
 *   1 interface description:   | linktype 2 | reserved 2 | snaplen 4 | options |
 *                               options: | code 2 | length 2 | value, padded to 4 |, code 0 ends;
 *                               if_tsresol (9): 1 byte, high bit clear = 10^-n s, set = 2^-n s;
 *                               if_tsoffset (14): 8 bytes, seconds added to every timestamp
 *   6 enhanced packet:  | interface 4 | ts high 4 | ts low 4 | captured 4 | original 4 | data (pad 4) | options |
 *   3 simple packet:    | original length 4 | data (pad 4) |   (interface 0, no timestamp)
 *   2 packet (obsolete):| interface 2 | drops 2 | ts high 4 | ts low 4 | captured 4 | original 4 | data |
 *   other block types are skipped; a new section header starts a new set of interfaces.
 * </pre>
 *
 * Packets are read into {@link Frame#data} through a 1 MiB buffer with no per-packet allocation.
 * A file that ends inside a record ends the capture cleanly, with a note in {@link #warning()};
 * a corrupt header throws {@code IOException("FILE: reason (at byte offset N)")}.
 */
public final class PcapSource implements PacketSource {
    /** Larger captured lengths are taken as corruption rather than a packet. */
    public static final int MAX_CAPLEN = 256 * 1024;

    static final int MAGIC_MICRO = 0xA1B2C3D4;
    static final int MAGIC_NANO = 0xA1B23C4D;
    static final int MAGIC_MODIFIED = 0xA1B2CD34;
    static final int PCAP_HEADER_LEN = 24;
    static final int PCAP_RECORD_LEN = 16;
    static final int PCAP_MODIFIED_RECORD_LEN = 24;

    static final int BLOCK_SHB = 0x0A0D0D0A;
    static final int BLOCK_IDB = 0x00000001;
    static final int BLOCK_PB = 0x00000002;
    static final int BLOCK_SPB = 0x00000003;
    static final int BLOCK_EPB = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int OPT_END = 0;
    static final int OPT_IF_TSRESOL = 9;
    static final int OPT_IF_TSOFFSET = 14;
    /** Non-packet blocks bigger than this are taken as corruption. */
    static final int MAX_BLOCK_LEN = 64 * 1024 * 1024;

    private static final int BUFFER_SIZE = 1 << 20;
    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
        1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
        10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L,
        10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L
    };

    private final String name;
    private final InputStream in;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int bufPos;
    private int bufLim;
    /** Bytes of the file consumed so far. */
    private long pos;
    private final byte[] hdr = new byte[32];
    /** Scratch for interface description blocks; grows only when such a block is larger. */
    private byte[] blockScratch = new byte[256];

    private final boolean pcapng;
    private boolean bigEndian;
    // classic pcap
    private boolean nanos;
    private int recordLen;
    private int fileLinkType;
    // pcapng interfaces of the current section
    private int ifCount;
    private int[] ifLinkType = new int[4];
    private int[] ifSnaplen = new int[4];
    /** Timestamp unit: 10^-n seconds when ifPow2 is false, 2^-n when true. */
    private int[] ifResolution = new int[4];
    private boolean[] ifPow2 = new boolean[4];
    private long[] ifTsOffset = new long[4];
    private int firstLinkType = -1;

    private final boolean strict;
    /** True while the constructor reads the headers: every problem is then fatal. */
    private boolean opening = true;
    private long count;
    private boolean done;
    private String warning;

    private PcapSource(Path file, InputStream in, boolean strict) throws IOException {
        this.name = file.toString();
        this.in = in;
        this.strict = strict;
        int got = read(hdr, 0, 4);
        if (got < 4) {
            throw corrupt("not a capture file: only " + got + " bytes", 0);
        }
        int magicBe = be32(hdr, 0);
        int magicLe = Integer.reverseBytes(magicBe);
        if (magicBe == BLOCK_SHB) {
            pcapng = true;
            readSectionHeader(0, 4);
            // Read on to the first interface so linkType() is known before the first packet.
            while (ifCount == 0 && !done) {
                if (readBlock(null)) {
                    throw corrupt("packet block before any interface description", pos - 8);
                }
            }
        } else {
            pcapng = false;
            int magic;
            if (isPcapMagic(magicBe)) {
                bigEndian = true;
                magic = magicBe;
            } else if (isPcapMagic(magicLe)) {
                bigEndian = false;
                magic = magicLe;
            } else {
                throw corrupt(String.format("not a pcap or pcapng file: bad magic 0x%08x", magicBe), 0);
            }
            nanos = magic == MAGIC_NANO;
            recordLen = magic == MAGIC_MODIFIED ? PCAP_MODIFIED_RECORD_LEN : PCAP_RECORD_LEN;
            got = read(hdr, 4, PCAP_HEADER_LEN - 4);
            if (got < PCAP_HEADER_LEN - 4) {
                throw corrupt("file header truncated", pos);
            }
            fileLinkType = u32(hdr, 20) & 0xffff;
            firstLinkType = fileLinkType;
        }
        opening = false;
    }

    /**
     * Opens {@code file}, reading its header(s). A corrupt file header throws; a corrupt record
     * later on ends the capture with a {@link #warning()}, as Suricata's libpcap reader does.
     */
    public static PcapSource open(Path file) throws IOException {
        return open(file, false);
    }

    /**
     * Opens {@code file}; with {@code strict} a corrupt record anywhere (absurd captured length, bad
     * block length, ...) throws {@code IOException("FILE: reason (at byte offset N)")} from {@link
     * #next} instead of ending the capture.
     */
    public static PcapSource open(Path file, boolean strict) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new PcapSource(file, in, strict);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static boolean isPcapMagic(int m) {
        return m == MAGIC_MICRO || m == MAGIC_NANO || m == MAGIC_MODIFIED;
    }

    /** Link type of the file (classic) or of its first interface (pcapng); -1 when none. */
    public int linkType() {
        return firstLinkType;
    }

    /** True for pcapng, false for classic pcap. */
    public boolean isPcapng() {
        return pcapng;
    }

    /** Why the capture ended early (a truncated or corrupt record), or null. */
    public String warning() {
        return warning;
    }

    /** Packets returned so far. */
    public long count() {
        return count;
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        if (done) {
            return false;
        }
        boolean got = pcapng ? nextPcapng(frame) : nextPcap(frame);
        if (got) {
            frame.id = ++count;
            frame.queue = 0;
        }
        return got;
    }

    @Override
    public void close() throws IOException {
        done = true;
        in.close();
    }

    // ---------------------------------------------------------------- classic pcap

    private boolean nextPcap(Frame f) throws IOException {
        long start = pos;
        int got = read(hdr, 0, recordLen);
        if (got == 0) {
            done = true;
            return false;
        }
        if (got < recordLen) {
            return truncated("record header", start);
        }
        long sec = u32(hdr, 0) & 0xffffffffL;
        long sub = u32(hdr, 4) & 0xffffffffL;
        int caplen = u32(hdr, 8);
        int origlen = u32(hdr, 12);
        if (caplen < 0 || caplen > MAX_CAPLEN) {
            badRecord("captured length " + (caplen & 0xffffffffL) + " exceeds " + MAX_CAPLEN, start);
            return false;
        }
        f.ensureCapacity(caplen);
        if (read(f.data, 0, caplen) < caplen) {
            return truncated("packet data", start);
        }
        f.length = caplen;
        f.wireLength = origlen < 0 ? Integer.MAX_VALUE : Math.max(origlen, caplen);
        f.linkType = fileLinkType;
        if (nanos) {
            f.tsSeconds = sec + sub / 1_000_000_000L;
            f.tsNanos = (int) (sub % 1_000_000_000L);
        } else {
            f.tsSeconds = sec + sub / 1_000_000L;
            f.tsNanos = (int) (sub % 1_000_000L) * 1000;
        }
        return true;
    }

    // ---------------------------------------------------------------- pcapng

    private boolean nextPcapng(Frame f) throws IOException {
        while (!done) {
            if (readBlock(f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads one block. Packet blocks fill {@code f} and return true; with {@code f == null} a
     * packet block is not read but reported (true) to the caller. Other blocks are consumed.
     */
    private boolean readBlock(Frame f) throws IOException {
        long start = pos;
        int got = read(hdr, 0, 8);
        if (got == 0) {
            done = true;
            return false;
        }
        if (got < 8) {
            truncated("block header", start);
            return false;
        }
        int type = u32(hdr, 0);
        if (type == BLOCK_SHB) {
            readSectionHeader(start, 8);
            return false;
        }
        int len = u32(hdr, 4);
        if (len < 12 || (len & 3) != 0) {
            badRecord("bad block length " + (len & 0xffffffffL), start);
            return false;
        }
        switch (type) {
            case BLOCK_IDB:
                readInterface(start, len);
                return false;
            case BLOCK_EPB:
            case BLOCK_PB:
            case BLOCK_SPB:
                if (f == null) {
                    return true;
                }
                return readPacketBlock(f, type, start, len);
            default:
                if (len > MAX_BLOCK_LEN) {
                    badRecord("bad block length " + len, start);
                    return false;
                }
                if (skip(len - 8L) < len - 8L) {
                    truncated("block", start);
                }
                return false;
        }
    }

    /**
     * Reads a section header whose first {@code have} bytes are already in {@code hdr}. Its length
     * field can only be read once the byte-order magic after it is known.
     */
    private void readSectionHeader(long start, int have) throws IOException {
        if (read(hdr, have, 28 - have) < 28 - have) {
            if (start == 0) {
                throw corrupt("section header truncated", start);
            }
            truncated("section header", start);
            return;
        }
        int bom = be32(hdr, 8);
        if (bom == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            badRecord(String.format("bad byte-order magic 0x%08x", bom), start + 8);
            return;
        }
        int len = u32(hdr, 4);
        if (len < 28 || (len & 3) != 0 || len > MAX_BLOCK_LEN) {
            badRecord("bad section header length " + (len & 0xffffffffL), start);
            return;
        }
        int major = u16(hdr, 12);
        if (major != 1) {
            badRecord("unsupported pcapng version " + major, start + 12);
            return;
        }
        ifCount = 0;
        if (skip(len - 28L) < len - 28L) {
            if (start == 0) {
                throw corrupt("section header truncated", start);
            }
            truncated("section header", start);
        }
    }

    private void readInterface(long start, int len) throws IOException {
        if (len < 20 || len > MAX_BLOCK_LEN) {
            badRecord("bad interface description length " + (len & 0xffffffffL), start);
            return;
        }
        int body = len - 8;
        if (blockScratch.length < body) {
            blockScratch = new byte[body];
        }
        byte[] b = blockScratch;
        if (read(b, 0, body) < body) {
            truncated("interface description", start);
            return;
        }
        int linkType = u16(b, 0);
        int snaplen = u32(b, 4);
        int resolution = 6;
        boolean pow2 = false;
        long tsOffset = 0;
        int o = 8;
        int optEnd = body - 4;
        while (o + 4 <= optEnd) {
            int code = u16(b, o);
            int olen = u16(b, o + 2);
            o += 4;
            if (code == OPT_END || o + olen > optEnd) {
                break;
            }
            if (code == OPT_IF_TSRESOL && olen >= 1) {
                int v = b[o] & 0xff;
                pow2 = (v & 0x80) != 0;
                resolution = v & 0x7f;
                if (pow2 ? resolution > 63 : resolution > 18) {
                    badRecord("unsupported timestamp resolution 0x" + Integer.toHexString(v), start + 8 + o);
                    return;
                }
            } else if (code == OPT_IF_TSOFFSET && olen >= 8) {
                // A 64-bit value in the section's byte order: the high word comes first only in big endian.
                int hi = bigEndian ? o : o + 4;
                int lo = bigEndian ? o + 4 : o;
                tsOffset = ((long) u32(b, hi) << 32) | (u32(b, lo) & 0xffffffffL);
            }
            o += (olen + 3) & ~3;
        }
        if (ifCount == ifLinkType.length) {
            int n = ifCount * 2;
            ifLinkType = java.util.Arrays.copyOf(ifLinkType, n);
            ifSnaplen = java.util.Arrays.copyOf(ifSnaplen, n);
            ifResolution = java.util.Arrays.copyOf(ifResolution, n);
            ifPow2 = java.util.Arrays.copyOf(ifPow2, n);
            ifTsOffset = java.util.Arrays.copyOf(ifTsOffset, n);
        }
        ifLinkType[ifCount] = linkType;
        ifSnaplen[ifCount] = snaplen;
        ifResolution[ifCount] = resolution;
        ifPow2[ifCount] = pow2;
        ifTsOffset[ifCount] = tsOffset;
        ifCount++;
        if (firstLinkType < 0) {
            firstLinkType = linkType;
        }
    }

    private boolean readPacketBlock(Frame f, int type, long start, int len) throws IOException {
        int fixed;
        int iface;
        int caplen;
        int origlen;
        long ts = 0;
        if (type == BLOCK_SPB) {
            fixed = 4;
            if (read(hdr, 8, fixed) < fixed) {
                return truncated("simple packet block", start);
            }
            iface = 0;
            origlen = u32(hdr, 8);
            caplen = len - 16;
            if (origlen >= 0 && origlen < caplen) {
                caplen = origlen;
            }
            if (ifCount > 0 && ifSnaplen[0] > 0 && caplen > ifSnaplen[0]) {
                caplen = ifSnaplen[0];
            }
        } else {
            fixed = 20;
            if (read(hdr, 8, fixed) < fixed) {
                return truncated("packet block", start);
            }
            iface = type == BLOCK_PB ? u16(hdr, 8) : u32(hdr, 8);
            ts = ((long) u32(hdr, 12) << 32) | (u32(hdr, 16) & 0xffffffffL);
            caplen = u32(hdr, 20);
            origlen = u32(hdr, 24);
        }
        if (caplen < 0 || caplen > MAX_CAPLEN) {
            badRecord("captured length " + (caplen & 0xffffffffL) + " exceeds " + MAX_CAPLEN, start);
            return false;
        }
        if (8 + fixed + caplen + 4 > len) {
            badRecord("captured length " + caplen + " exceeds block length " + len, start);
            return false;
        }
        if (iface < 0 || iface >= ifCount) {
            badRecord("packet for undeclared interface " + iface, start);
            return false;
        }
        f.ensureCapacity(caplen);
        if (read(f.data, 0, caplen) < caplen) {
            return truncated("packet data", start);
        }
        long rest = len - 8L - fixed - caplen;
        if (skip(rest) < rest) {
            return truncated("packet block", start);
        }
        f.length = caplen;
        f.wireLength = origlen < 0 ? Integer.MAX_VALUE : Math.max(origlen, caplen);
        f.linkType = ifLinkType[iface];
        setTimestamp(f, iface, ts);
        return true;
    }

    /** Converts a pcapng timestamp in the interface's units to seconds and nanoseconds. */
    private void setTimestamp(Frame f, int iface, long ts) {
        int res = ifResolution[iface];
        long sec;
        long nanos;
        if (ifPow2[iface]) {
            sec = res == 0 ? ts : ts >>> res;
            long frac = res == 0 ? 0 : ts & ((1L << res) - 1);
            if (res > 30) {
                // Drop precision below 2^-30 s (< 1 ns) so the product fits in a long.
                frac >>>= res - 30;
                res = 30;
            }
            nanos = (frac * 1_000_000_000L) >>> res;
        } else {
            long unit = POW10[res];
            sec = Long.divideUnsigned(ts, unit);
            long frac = Long.remainderUnsigned(ts, unit);
            nanos = res <= 9 ? frac * POW10[9 - res] : frac / POW10[res - 9];
        }
        f.tsSeconds = sec + ifTsOffset[iface];
        f.tsNanos = (int) nanos;
    }

    // ---------------------------------------------------------------- errors

    private boolean truncated(String what, long start) {
        done = true;
        warning = name + ": file ends inside a " + what + " (at byte offset " + start + ")";
        return false;
    }

    /**
     * A corrupt record or block after the file header. Like libpcap-based readers, the capture ends
     * there with a {@link #warning()} (the packets before it stay valid); in strict mode, and while
     * the file is being opened, it throws instead.
     */
    private void badRecord(String reason, long offset) throws IOException {
        if (strict || opening) {
            throw corrupt(reason, offset);
        }
        done = true;
        warning = name + ": " + reason + " (at byte offset " + offset + "); the rest of the file is ignored";
    }

    private IOException corrupt(String reason, long offset) {
        done = true;
        return new IOException(name + ": " + reason + " (at byte offset " + offset + ")");
    }

    // ---------------------------------------------------------------- buffered input

    /** Reads up to {@code len} bytes; fewer only at the end of the file. */
    private int read(byte[] dst, int off, int len) throws IOException {
        int got = 0;
        while (got < len) {
            if (bufPos == bufLim) {
                if (len - got >= buf.length) {
                    // Large reads bypass the buffer.
                    int n = in.read(dst, off + got, len - got);
                    if (n < 0) {
                        break;
                    }
                    got += n;
                    pos += n;
                    continue;
                }
                if (!fill()) {
                    break;
                }
            }
            int n = Math.min(bufLim - bufPos, len - got);
            System.arraycopy(buf, bufPos, dst, off + got, n);
            bufPos += n;
            got += n;
            pos += n;
        }
        return got;
    }

    /** Skips up to {@code n} bytes; fewer only at the end of the file. */
    private long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            if (bufPos == bufLim && !fill()) {
                break;
            }
            int k = (int) Math.min(bufLim - bufPos, n - skipped);
            bufPos += k;
            skipped += k;
            pos += k;
        }
        return skipped;
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            bufPos = bufLim = 0;
            return false;
        }
        bufPos = 0;
        bufLim = n;
        return true;
    }

    private int u32(byte[] b, int off) {
        int v = be32(b, off);
        return bigEndian ? v : Integer.reverseBytes(v);
    }

    private int u16(byte[] b, int off) {
        int v = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
        return bigEndian ? v : ((v & 0xff) << 8) | (v >>> 8);
    }

    private static int be32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
                | (b[off + 3] & 0xff);
    }
}
