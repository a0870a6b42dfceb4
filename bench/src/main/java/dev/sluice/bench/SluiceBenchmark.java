package dev.sluice.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The settings every Sluice benchmark shares, inherited by JMH from this class: throughput in
 * operations per second, one fork with a fixed 1 GiB heap and the parallel collector (the flags of
 * {@code bin/sluice}, plus a pinned heap so runs compare), 3 warm-up and 5 measured iterations of
 * 2 s. A benchmark overrides one of these only where its operation needs it (a single shot, a
 * larger heap) and says why. Command-line options ({@code -f}, {@code -wi}, {@code -i}, ...) win.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "-Xss4m"})
public abstract class SluiceBenchmark {
}
