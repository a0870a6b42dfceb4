package dev.sluice.engine.decode;

/**
 * How the decoder treats packets; immutable, shared by all workers.
 *
 * @param checksums verify IPv4, TCP, UDP and ICMP checksums and flag bad ones ({@code -k none}
 *     turns this off); a packet with a bad checksum is still decoded and inspected
 * @param udpTunnels decode Teredo (UDP 3544), VXLAN (UDP 4789) and Geneve (UDP 6081) payloads as
 *     the inner packet, as Suricata does by default
 */
public record DecodeOptions(boolean checksums, boolean udpTunnels) {
    /** Checksums verified, UDP tunnels decoded. */
    public static final DecodeOptions DEFAULT = new DecodeOptions(true, true);

    /** Options for Suricata's {@code -k} checksum mode: {@code none} disables verification. */
    public static DecodeOptions forChecksumMode(String mode) {
        return new DecodeOptions(!"none".equalsIgnoreCase(mode), true);
    }

    public DecodeOptions withChecksums(boolean on) {
        return new DecodeOptions(on, udpTunnels);
    }
}
