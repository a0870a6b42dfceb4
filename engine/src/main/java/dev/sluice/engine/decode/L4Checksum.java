package dev.sluice.engine.decode;

/** Transport checksums over the IPv4 or IPv6 pseudo header of the packet's (innermost) IP layer. */
final class L4Checksum {
    private L4Checksum() {}

    /**
     * True when the {@code len} bytes at {@code off} (checksum field included) verify against the
     * pseudo header built from the packet's addresses and {@link Packet#ipProto}.
     */
    static boolean verifies(Packet p, byte[] d, int off, int len) {
        int addrLen = p.ipVersion == 6 ? 16 : 4;
        long acc = Checksum.pseudoHeader(d, p.srcAddrOffset, p.dstAddrOffset, addrLen, p.ipProto, len);
        return Checksum.verifies(Checksum.add(d, off, len, acc));
    }
}
