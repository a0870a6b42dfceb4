package dev.sluice.capture.raw;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends complete IP packets, header included, through two raw sockets (AF_INET and AF_INET6, both
 * {@code SOCK_RAW}/{@code IPPROTO_RAW}) of the network namespace of the thread that opened it. The
 * kernel routes each packet by its destination address and fills nothing in but, on IPv4, the header
 * checksum and total length; everything else is sent as given, the source address included.
 *
 * <p>A non-zero mark is set as {@code SO_MARK}: every packet sent carries it as its nfmark, so
 * netfilter rules (and an NFQUEUE reader) can tell these packets from the traffic they answer.
 *
 * <p>{@link #send} copies into native memory held by the sender and allocates nothing. One sender
 * per thread: it is not thread-safe.
 *
 * <pre>
 * sockaddr_in   family u16 (host order) | port be16 = 0 | addr 4  | zero 8                    (16)
 * sockaddr_in6  family u16 (host order) | port be16 = 0 | flowinfo 4 | addr 16 | scope_id 4    (28)
 * IPv4 header: destination at byte 16; IPv6 header: destination at byte 24
 * </pre>
 */
public final class RawSender implements AutoCloseable {
    /** Largest packet {@link #send} takes. */
    public static final int MAX_PACKET = 65_535;

    /** Linux capability numbers (bits of CapEff in /proc/thread-self/status; per thread). */
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int SOCKADDR_IN_LEN = 16;
    private static final int SOCKADDR_IN6_LEN = 28;
    private static final int IPV4_MIN = 20;
    private static final int IPV4_DST = 16;
    private static final int IPV6_MIN = 40;
    private static final int IPV6_DST = 24;
    private static final int EBADF = 9;

    private final Memory buf = new Memory(MAX_PACKET);
    private final Memory addr = new Memory(SOCKADDR_IN6_LEN);
    private final int mark;
    private final String ipv6Problem;
    private int fd4;
    private int fd6;

    private RawSender(int fd4, int fd6, String ipv6Problem, int mark) {
        this.fd4 = fd4;
        this.fd6 = fd6;
        this.ipv6Problem = ipv6Problem;
        this.mark = mark;
    }

    /**
     * Opens the raw sockets in the calling thread's network namespace. IPv6 is optional: when its
     * socket cannot be opened (IPv6 disabled), IPv6 sends fail with EAFNOSUPPORT and
     * {@link #ipv6Problem()} says why.
     *
     * @param mark SO_MARK of every packet sent, 0 for none (setting one needs CAP_NET_ADMIN)
     * @throws IOException saying which call failed and why
     */
    public static RawSender open(int mark) throws IOException {
        String lib = libraryProblem();
        if (lib != null) {
            throw new IOException(lib);
        }
        int fd4 = RawLibC.socket(RawLibC.AF_INET, RawLibC.SOCK_RAW | RawLibC.SOCK_CLOEXEC, RawLibC.IPPROTO_RAW);
        if (fd4 < 0) {
            throw new IOException(socketProblem("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", Native.getLastError()));
        }
        int fd6 = RawLibC.socket(RawLibC.AF_INET6, RawLibC.SOCK_RAW | RawLibC.SOCK_CLOEXEC, RawLibC.IPPROTO_RAW);
        String v6 = fd6 < 0 ? socketProblem("socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)", Native.getLastError()) : null;
        RawSender s = new RawSender(fd4, fd6, v6, mark);
        if (mark != 0) {
            try {
                s.setMark(fd4);
                if (fd6 >= 0) {
                    s.setMark(fd6);
                }
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }
        return s;
    }

    private void setMark(int fd) throws IOException {
        Memory v = new Memory(4);
        v.setInt(0, mark);
        if (RawLibC.setsockopt(fd, RawLibC.SOL_SOCKET, RawLibC.SO_MARK, v, 4) < 0) {
            int errno = Native.getLastError();
            throw new IOException("setsockopt(SO_MARK) failed: " + RawLibC.describe(errno)
                    + (errno == RawLibC.EPERM ? ": marking packets needs CAP_NET_ADMIN" : ""));
        }
    }

    /**
     * Sends the IP packet of {@code len} bytes at {@code off}, to the destination address in its
     * header; the version nibble picks the socket. Never throws and never blocks.
     *
     * @return the bytes sent, or a negative errno (EINVAL for a packet that is not a whole IPv4 or
     *         IPv6 header long, EAGAIN when the socket buffer is full, ...)
     */
    public int send(byte[] pkt, int off, int len) {
        if (pkt == null || off < 0 || len < IPV4_MIN || len > MAX_PACKET || off > pkt.length - len) {
            return -RawLibC.EINVAL;
        }
        int version = (pkt[off] & 0xff) >>> 4;
        int fd;
        int addrLen;
        if (version == 4) {
            fd = fd4;
            addr.setShort(0, (short) RawLibC.AF_INET);
            addr.setShort(2, (short) 0);
            addr.write(4, pkt, off + IPV4_DST, 4);
            addr.setLong(8, 0);
            addrLen = SOCKADDR_IN_LEN;
        } else if (version == 6 && len >= IPV6_MIN) {
            if (fd6 < 0) {
                return fd4 < 0 ? -EBADF : -RawLibC.EAFNOSUPPORT;
            }
            fd = fd6;
            addr.setShort(0, (short) RawLibC.AF_INET6);
            addr.setShort(2, (short) 0);
            addr.setInt(4, 0);
            addr.write(8, pkt, off + IPV6_DST, 16);
            addr.setInt(24, 0);
            addrLen = SOCKADDR_IN6_LEN;
        } else {
            return -RawLibC.EINVAL;
        }
        if (fd < 0) {
            return -EBADF;
        }
        buf.write(0, pkt, off, len);
        long n = RawLibC.sendto(fd, buf, len, RawLibC.MSG_DONTWAIT, addr, addrLen);
        return n < 0 ? -Native.getLastError() : (int) n;
    }

    /** The SO_MARK of the packets sent (0: none). */
    public int mark() {
        return mark;
    }

    /** Why IPv6 packets cannot be sent, or null when they can. */
    public String ipv6Problem() {
        return ipv6Problem;
    }

    /** "EPERM (Operation not permitted)" style text for the negative result of {@link #send}. */
    public static String describe(int result) {
        return RawLibC.describe(Math.abs(result));
    }

    /**
     * Says what keeps raw sending from working for this process, in one line a person can act on,
     * or null when it works: checks the privileges, then opens and closes an IPv4 raw socket.
     */
    public static String unavailableReason() {
        String lib = libraryProblem();
        if (lib != null) {
            return lib;
        }
        if (RawLibC.geteuid() != 0 && !hasCapability(CAP_NET_RAW)) {
            return "raw sockets need root or CAP_NET_RAW (this process has neither)";
        }
        int fd = RawLibC.socket(RawLibC.AF_INET, RawLibC.SOCK_RAW | RawLibC.SOCK_CLOEXEC, RawLibC.IPPROTO_RAW);
        if (fd < 0) {
            return socketProblem("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", Native.getLastError());
        }
        RawLibC.close(fd);
        return null;
    }

    /** True when this process may set SO_MARK (root or CAP_NET_ADMIN). */
    public static boolean canMark() {
        return libraryProblem() == null && (RawLibC.geteuid() == 0 || hasCapability(CAP_NET_ADMIN));
    }

    @Override
    public void close() {
        if (fd4 >= 0) {
            RawLibC.close(fd4);
            fd4 = -1;
        }
        if (fd6 >= 0) {
            RawLibC.close(fd6);
            fd6 = -1;
        }
    }

    private static String socketProblem(String call, int errno) {
        String why = call + " failed: " + RawLibC.describe(errno);
        return switch (errno) {
            case RawLibC.EPERM, RawLibC.EACCES -> why + ": raw sockets need CAP_NET_RAW";
            case RawLibC.EAFNOSUPPORT -> why + ": the address family is disabled in this kernel";
            default -> why;
        };
    }

    private static String libraryProblem() {
        try {
            RawLibC.geteuid();
            return null;
        } catch (LinkageError e) {
            return "cannot bind libc through JNA: " + e.getMessage();
        }
    }

    private static boolean hasCapability(int cap) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (caps & (1L << cap)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
