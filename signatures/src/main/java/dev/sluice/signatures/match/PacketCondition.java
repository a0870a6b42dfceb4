package dev.sluice.signatures.match;

/**
 * A test on a packet's headers or its flow (ttl, flags, flow, dsize, ...). Immutable once parsed;
 * any scratch it needs lives in the {@link DetectContext}.
 */
@FunctionalInterface
public interface PacketCondition {
    boolean matches(DetectContext ctx);
}
