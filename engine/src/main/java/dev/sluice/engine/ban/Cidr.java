package dev.sluice.engine.ban;

import java.util.Arrays;

/** An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code ::1}): the addresses bans never touch. */
public record Cidr(byte[] network, int prefix) {

    /** Parses {@code a.b.c.d[/n]} or {@code v6[/n]}; throws IllegalArgumentException with the reason. */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] addr = IpLiteral.parse(slash < 0 ? t : t.substring(0, slash));
        if (addr == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or network");
        }
        int bits = addr.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0-" + bits);
            }
            prefix = Integer.parseInt(p);
        }
        byte[] net = addr.clone();
        for (int i = 0; i < net.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            net[i] &= (byte) (0xff00 >>> keep);
        }
        return new Cidr(net, prefix);
    }

    /** True when {@code addr} (4 or 16 bytes) lies in this network; families never mix. */
    public boolean contains(byte[] addr) {
        if (addr.length != network.length) {
            return false;
        }
        for (int i = 0; i < addr.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            if (((addr[i] ^ network[i]) & (0xff00 >>> keep) & 0xff) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + prefix;
    }
}
