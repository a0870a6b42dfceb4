package dev.sluice.engine.detect;

import java.util.function.Consumer;

/**
 * The detection engine every worker should be using, published by a rule reload and picked up by
 * each worker between two packets. An engine replaced by a newer one is closed (its Hyperscan
 * databases freed) once no worker holds it any more.
 *
 * <p>Thread use: {@link #publish} from the reloading thread, {@link #current()}, {@link #acquire}
 * and {@link #release} from the workers; the hold counts change under this object's lock.
 */
public final class EngineSwap {
    /** One published engine with what goes with it. */
    public static final class Generation {
        public final int id;
        public final DetectEngine engine;
        public final ThresholdTracker.Plan thresholds;
        /** Workers holding this generation; guarded by the swap's lock. */
        private int holders;

        Generation(int id, DetectEngine engine, ThresholdTracker.Plan thresholds) {
            this.id = id;
            this.engine = engine;
            this.thresholds = thresholds;
        }
    }

    private volatile Generation current;
    private final Consumer<DetectEngine> closer;
    private int retired;

    /** Starts with {@code first}; replaced engines are handed to {@code closer} once unheld. */
    public EngineSwap(DetectEngine first, ThresholdTracker.Plan thresholds, Consumer<DetectEngine> closer) {
        this.current = new Generation(0, first, thresholds);
        this.closer = closer;
    }

    /** The newest generation; a worker compares it with the one it holds (one volatile read per packet). */
    public Generation current() {
        return current;
    }

    /** Holds the newest generation for the calling worker. */
    public synchronized Generation acquire() {
        Generation g = current;
        g.holders++;
        return g;
    }

    /** The caller no longer uses {@code g}; an unheld generation that is not the newest is closed. */
    public synchronized void release(Generation g) {
        if (--g.holders == 0 && g != current) {
            retire(g);
        }
    }

    /**
     * Makes {@code engine} the one workers switch to. The generation before is closed at once when no
     * worker holds it, else by the last worker to let go.
     */
    public synchronized Generation publish(DetectEngine engine, ThresholdTracker.Plan thresholds) {
        Generation old = current;
        Generation g = new Generation(old.id + 1, engine, thresholds);
        current = g;
        if (old.holders == 0) {
            retire(old);
        }
        return g;
    }

    /** Engines closed after being replaced. */
    public synchronized int retired() {
        return retired;
    }

    private void retire(Generation g) {
        retired++;
        closer.accept(g.engine);
    }
}
