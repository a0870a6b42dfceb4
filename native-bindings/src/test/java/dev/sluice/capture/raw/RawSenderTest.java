package dev.sluice.capture.raw;

import dev.sluice.capture.netns.NetNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real sends through the kernel, inside a throwaway network namespace (root only). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RawSenderTest {
    private static void assumeRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")), "raw sockets and namespaces need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "iproute2 is not installed");
    }

    @Test
    void isAvailableToRoot() {
        assumeRoot();
        assertNull(RawSender.unavailableReason());
        assertTrue(RawSender.canMark());
    }

    @Test
    void sendsAnIpv4UdpDatagramToALocalSocket() throws Exception {
        assumeRoot();
        try (NetNs ns = NetNs.createUnique("sluice-raw-")) {
            assertEquals("hello v4", sendAndReceive(ns, "127.0.0.1", 0, "hello v4"));
        }
    }

    @Test
    void sendsAnIpv6UdpDatagramToALocalSocket() throws Exception {
        assumeRoot();
        try (NetNs ns = NetNs.createUnique("sluice-raw-")) {
            assertEquals("hello v6", sendAndReceive(ns, "::1", 0, "hello v6"));
        }
    }

    @Test
    void marksWhatItSends() throws Exception {
        assumeRoot();
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")),
                "iptables is not installed");
        try (NetNs ns = NetNs.createUnique("sluice-raw-")) {
            // Only packets carrying the mark reach the socket.
            ns.exec("iptables", "-A", "OUTPUT", "-p", "udp", "-m", "mark", "!", "--mark", "0x5e1ce", "-j", "DROP");
            assertEquals("marked", sendAndReceive(ns, "127.0.0.1", 0x5e1ce, "marked"));
            // A packet dropped on OUTPUT fails its send with EPERM.
            assertEquals("send failed: " + -RawLibC.EPERM, sendAndReceive(ns, "127.0.0.1", 0, "unmarked"));
        }
    }

    @Test
    void refusesWhatIsNotAnIpPacket() throws Exception {
        assumeRoot();
        try (RawSender s = RawSender.open(0)) {
            assertEquals(-RawLibC.EINVAL, s.send(new byte[10], 0, 10), "shorter than an IPv4 header");
            byte[] junk = new byte[40];
            junk[0] = 0x55;
            assertEquals(-RawLibC.EINVAL, s.send(junk, 0, 40), "version 5");
            junk[0] = 0x60;
            assertEquals(-RawLibC.EINVAL, s.send(junk, 0, 30), "IPv6 needs 40 bytes");
            assertEquals(-RawLibC.EINVAL, s.send(junk, 20, 40), "beyond the array");
            assertTrue(RawSender.describe(-RawLibC.EINVAL).startsWith("EINVAL ("));
        }
    }

    @Test
    void sendAfterCloseFailsQuietly() throws Exception {
        assumeRoot();
        RawSender s = RawSender.open(0);
        s.close();
        s.close();
        byte[] pkt = udp(InetAddress.getByName("127.0.0.1"), 9, 9, new byte[1]);
        assertTrue(s.send(pkt, 0, pkt.length) < 0);
    }

    /**
     * Inside {@code ns}: binds a UDP socket on {@code host}, sends it a crafted datagram through a
     * RawSender (with {@code mark}) and returns what arrived within a second, null when nothing
     * did, or "send failed: -errno".
     */
    private static String sendAndReceive(NetNs ns, String host, int mark, String text) throws IOException {
        InetAddress a = InetAddress.getByName(host);
        try (NetNs.Entered ignored = ns.enter();
             DatagramSocket rx = new DatagramSocket(new InetSocketAddress(a, 0));
             RawSender tx = RawSender.open(mark)) {
            assertNull(tx.ipv6Problem());
            assertEquals(mark, tx.mark());
            rx.setSoTimeout(1000);
            byte[] pkt = udp(a, 40_000, rx.getLocalPort(), text.getBytes(StandardCharsets.US_ASCII));
            byte[] padded = new byte[pkt.length + 7];
            System.arraycopy(pkt, 0, padded, 3, pkt.length);
            int sent = tx.send(padded, 3, pkt.length);
            if (sent < 0) {
                return "send failed: " + sent;
            }
            assertEquals(pkt.length, sent, "the whole packet went out");
            DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
            try {
                rx.receive(got);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            assertEquals(40_000, got.getPort());
            return new String(got.getData(), 0, got.getLength(), StandardCharsets.US_ASCII);
        }
    }

    /** A UDP datagram from and to {@code a} with a correct checksum, IPv4 or IPv6 by the address. */
    static byte[] udp(InetAddress a, int sport, int dport, byte[] payload) {
        byte[] ip = a.getAddress();
        boolean v6 = ip.length == 16;
        int hl = v6 ? 40 : 20;
        int ulen = 8 + payload.length;
        byte[] p = new byte[hl + ulen];
        if (v6) {
            p[0] = 0x60;
            be16(p, 4, ulen);
            p[6] = 17;
            p[7] = 64;
            System.arraycopy(ip, 0, p, 8, 16);
            System.arraycopy(ip, 0, p, 24, 16);
        } else {
            p[0] = 0x45;
            be16(p, 2, p.length);
            p[8] = 64;
            p[9] = 17;
            System.arraycopy(ip, 0, p, 12, 4);
            System.arraycopy(ip, 0, p, 16, 4);
            be16(p, 10, checksum(p, 0, 20, 0));
        }
        be16(p, hl, sport);
        be16(p, hl + 2, dport);
        be16(p, hl + 4, ulen);
        System.arraycopy(payload, 0, p, hl + 8, payload.length);
        long pseudo = sum(p, v6 ? 8 : 12, v6 ? 32 : 8, 0) + 17 + ulen;
        int c = checksum(p, hl, ulen, pseudo);
        be16(p, hl + 6, c == 0 ? 0xffff : c);
        return p;
    }

    private static long sum(byte[] d, int off, int len, long acc) {
        for (int i = 0; i < len; i += 2) {
            acc += ((d[off + i] & 0xff) << 8) | (i + 1 < len ? d[off + i + 1] & 0xff : 0);
        }
        return acc;
    }

    private static int checksum(byte[] d, int off, int len, long acc) {
        acc = sum(d, off, len, acc);
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) (~acc & 0xffff);
    }

    private static void be16(byte[] d, int off, int v) {
        d[off] = (byte) (v >>> 8);
        d[off + 1] = (byte) v;
    }
}
