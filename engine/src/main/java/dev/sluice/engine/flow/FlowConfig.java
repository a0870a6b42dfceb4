package dev.sluice.engine.flow;

/**
 * Flow table settings. Timeouts are in seconds of capture time and depend on the flow's state: a
 * flow that has not seen its handshake (TCP) or a reply (others) is "new"; a closed TCP flow
 * (RST, or FIN both ways) lingers {@code closedTimeout} seconds so its last packets still find it.
 *
 * @param maxFlows most flows alive at once; when full the flow closest to timing out is evicted
 * @param midstream pick up TCP flows without a handshake (stream.midstream)
 * @param vlanInKey flows on different VLANs are different flows (Suricata's vlan.use-for-tracking)
 * @param newTimeout seconds a not yet established flow lives without packets
 * @param tcpEstablishedTimeout seconds an established TCP flow lives without packets
 * @param otherEstablishedTimeout seconds an established UDP/ICMP/other flow lives without packets
 * @param closedTimeout seconds a closed TCP flow lives without packets
 * @param expireBatch most flows {@link FlowTable#expire(long)} removes per call
 */
public record FlowConfig(int maxFlows, boolean midstream, boolean vlanInKey, int newTimeout,
        int tcpEstablishedTimeout, int otherEstablishedTimeout, int closedTimeout, int expireBatch) {

    public static final FlowConfig DEFAULTS = new FlowConfig(65_536, false, true, 30, 300, 30, 10, 1024);

    public FlowConfig {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("max flows must be at least 1, got " + maxFlows);
        }
        if (newTimeout < 0 || tcpEstablishedTimeout < 0 || otherEstablishedTimeout < 0 || closedTimeout < 0) {
            throw new IllegalArgumentException("flow timeouts must not be negative");
        }
        if (expireBatch < 1) {
            throw new IllegalArgumentException("expire batch must be at least 1, got " + expireBatch);
        }
    }

    public FlowConfig withMaxFlows(int n) {
        return new FlowConfig(n, midstream, vlanInKey, newTimeout, tcpEstablishedTimeout,
                otherEstablishedTimeout, closedTimeout, expireBatch);
    }

    public FlowConfig withMidstream(boolean on) {
        return new FlowConfig(maxFlows, on, vlanInKey, newTimeout, tcpEstablishedTimeout,
                otherEstablishedTimeout, closedTimeout, expireBatch);
    }

    public FlowConfig withVlanInKey(boolean on) {
        return new FlowConfig(maxFlows, midstream, on, newTimeout, tcpEstablishedTimeout,
                otherEstablishedTimeout, closedTimeout, expireBatch);
    }

    /** Timeouts in seconds: new, established TCP, established other, closed. */
    public FlowConfig withTimeouts(int newSec, int tcpEstablishedSec, int otherEstablishedSec, int closedSec) {
        return new FlowConfig(maxFlows, midstream, vlanInKey, newSec, tcpEstablishedSec,
                otherEstablishedSec, closedSec, expireBatch);
    }

    public FlowConfig withExpireBatch(int n) {
        return new FlowConfig(maxFlows, midstream, vlanInKey, newTimeout, tcpEstablishedTimeout,
                otherEstablishedTimeout, closedTimeout, n);
    }

    /** Every key {@link #withSetting} understands (sluice.yaml and {@code --set}). */
    public static final java.util.List<String> KEYS = java.util.List.of(
            "stream.midstream",
            "vlan.use-for-tracking",
            "flow.max-flows",
            "flow-timeouts.default.new",
            "flow-timeouts.default.established",
            "flow-timeouts.default.closed",
            "flow-timeouts.tcp.established");

    /** True when {@link #withSetting} understands {@code key}. */
    public static boolean knows(String key) {
        return KEYS.contains(key);
    }

    /**
     * Applies one {@code --set key=value}. Keys {@link #knows} does not list are returned unchanged;
     * a bad value throws {@link IllegalArgumentException} with a one-line reason.
     */
    public FlowConfig withSetting(String key, String value) {
        switch (key) {
            case "stream.midstream":
                return withMidstream(bool(key, value));
            case "vlan.use-for-tracking":
                return withVlanInKey(bool(key, value));
            case "flow.max-flows":
                return withMaxFlows(count(key, value));
            case "flow-timeouts.default.new":
                return withTimeouts(count(key, value), tcpEstablishedTimeout, otherEstablishedTimeout, closedTimeout);
            case "flow-timeouts.default.established":
                return withTimeouts(newTimeout, tcpEstablishedTimeout, count(key, value), closedTimeout);
            case "flow-timeouts.default.closed":
                return withTimeouts(newTimeout, tcpEstablishedTimeout, otherEstablishedTimeout, count(key, value));
            case "flow-timeouts.tcp.established":
                return withTimeouts(newTimeout, count(key, value), otherEstablishedTimeout, closedTimeout);
            default:
                return this;
        }
    }

    private static boolean bool(String key, String value) {
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw new IllegalArgumentException(key + ": expected true or false, got '" + value + "'");
        }
    }

    private static int count(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": expected a non-negative number, got '" + value + "'");
    }
}
