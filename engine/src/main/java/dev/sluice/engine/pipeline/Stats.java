package dev.sluice.engine.pipeline;

/** Counters of one worker. Written by the worker thread only; read by others for stats lines. */
public final class Stats {
    public long packets;
    public long bytes;
    public long accepted;
    public long dropped;
    public long alerts;
    public long decodeEvents;
    public long errors;
    public long noFlow;
    public long bypassed;
    /** Bytes of the {@link #bypassed} packets (the reference engine's flow_bypassed.local_bytes). */
    public long bypassedBytes;
    /** Flows bypassed when the stream depth was reached ({@code stream.bypass}). */
    public long flowsBypassed;
    /** Packets given back with the capture bypass mark (a repeat verdict). */
    public long bypassMarked;
    /** Packets that came back to the queue already carrying the bypass mark: the connmark rules are missing. */
    public long bypassMarkReturned;

    public void add(Stats o) {
        packets += o.packets;
        bytes += o.bytes;
        accepted += o.accepted;
        dropped += o.dropped;
        alerts += o.alerts;
        decodeEvents += o.decodeEvents;
        errors += o.errors;
        noFlow += o.noFlow;
        bypassed += o.bypassed;
        bypassedBytes += o.bypassedBytes;
        flowsBypassed += o.flowsBypassed;
        bypassMarked += o.bypassMarked;
        bypassMarkReturned += o.bypassMarkReturned;
    }
}
