package dev.sluice.bench.decode;

import dev.sluice.capture.Frame;
import dev.sluice.engine.decode.DecodeOptions;
import dev.sluice.engine.decode.Decoder;
import dev.sluice.engine.decode.Packet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** Decoding one Ethernet/IPv4/TCP frame with checksum validation on or off. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {
    @Param({"64", "1460"})
    int payload;

    @Param({"true", "false"})
    boolean checksums;

    private final Frame frame = new Frame();
    private final Packet packet = new Packet();
    private Decoder decoder;

    @Setup
    public void setup() {
        decoder = new Decoder(DecodeOptions.DEFAULT.withChecksums(checksums));
        byte[] d = frame.data;
        int ipLen = 20 + 20 + payload;
        // Ethernet
        d[12] = 0x08;
        d[13] = 0x00;
        // IPv4 header at 14
        d[14] = 0x45;
        d[16] = (byte) (ipLen >> 8);
        d[17] = (byte) ipLen;
        d[22] = 64;
        d[23] = 6;
        d[26] = 10;
        d[29] = 1;
        d[30] = (byte) 192;
        d[31] = (byte) 168;
        d[33] = 1;
        // TCP header at 34
        d[34] = (byte) 0xC3;
        d[35] = 0x50;
        d[36] = 0;
        d[37] = 80;
        d[46] = 0x50;
        d[47] = 0x18;
        for (int i = 0; i < payload; i++) {
            d[54 + i] = (byte) ('a' + i % 26);
        }
        frame.length = 14 + ipLen;
        frame.wireLength = frame.length;
        frame.linkType = Frame.LINK_ETHERNET;
    }

    @Benchmark
    public int decode() {
        packet.reset(frame, 1);
        decoder.decode(packet);
        return packet.payloadLength;
    }
}
