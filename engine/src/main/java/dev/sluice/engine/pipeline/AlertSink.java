package dev.sluice.engine.pipeline;

import dev.sluice.engine.output.AlertEvent;

/** Where a worker hands its alert and drop records: the output queue. Called by the worker thread only. */
@FunctionalInterface
public interface AlertSink {
    void offer(AlertEvent event);
}
