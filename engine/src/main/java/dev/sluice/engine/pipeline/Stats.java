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
    }
}
