package dev.sluice.bench.decode;

import dev.sluice.bench.SluiceBenchmark;
import dev.sluice.bench.SyntheticFrames;
import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding one Ethernet frame per operation (packets/s), per protocol: IPv4/TCP, IPv4/UDP,
 * IPv6/TCP, ICMP echo, and the first fragment of an IPv4 datagram (decoded as a fragment, not
 * reassembled), with checksum validation on or off. The frames carry valid checksums, so the
 * validating path runs to its end.
 */
@State(Scope.Thread)
public class DecodeBenchmark extends SluiceBenchmark {
    @Param({"ipv4-tcp", "ipv4-udp", "ipv6-tcp", "icmp", "ipv4-fragment"})
    public String proto;

    @Param({"64", "1460"})
    public int payload;

    @Param({"true", "false"})
    public boolean checksums;

    private Frame frame;
    private final Packet packet = new Packet();
    private Decoder decoder;

    @Setup
    public void setup() {
        SyntheticFrames.Kind kind = SyntheticFrames.Kind.of(proto);
        frame = SyntheticFrames.of(kind, payload);
        decoder = new Decoder(DecodeOptions.DEFAULT.withChecksums(checksums));
        decode();
        // the frame must decode as what it claims, or the numbers would be of an error path
        int wantProto = kind == SyntheticFrames.Kind.ICMP ? 1 : kind == SyntheticFrames.Kind.IPV4_UDP ? 17 : 6;
        int wantVersion = kind == SyntheticFrames.Kind.IPV6_TCP ? 6 : 4;
        if (packet.ipVersion != wantVersion || packet.ipProto != wantProto || packet.events != 0
                || packet.ipChecksumBad || packet.l4ChecksumBad
                || packet.fragment != (kind == SyntheticFrames.Kind.IPV4_FRAGMENT)) {
            throw new IllegalStateException(proto + " frame decoded as version " + packet.ipVersion + " proto "
                    + packet.ipProto + " events " + Long.toHexString(packet.events) + " fragment " + packet.fragment
                    + " bad checksums " + packet.ipChecksumBad + "/" + packet.l4ChecksumBad);
        }
    }

    @Benchmark
    public int decode() {
        packet.reset(frame, 1);
        decoder.decode(packet);
        return packet.payloadLength;
    }
}
