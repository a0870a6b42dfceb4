package dev.sluice.engine.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes {@code fast.log} and {@code eve.json} in one output folder. Workers {@link #offer} events
 * into a bounded queue; a single writer thread owns both files, formats each event and writes it:
 * alert records go to both files, drop records and {@link #offerStats stats records} to eve.json only,
 * and every eve.json line also to the {@link RedisSink} when one is {@link #setRedis set}. Lines reach
 * the files whole, in the order events were queued, and are flushed whenever the queue runs empty and
 * at {@link #close()}.
 *
 * <p>A full queue makes {@link #offer} wait a little, then give up: every event that is not written
 * is counted in {@link #lost()}, never dropped silently.
 */
public final class OutputWriter implements AutoCloseable {
    public static final String FAST_LOG = "fast.log";
    public static final String EVE_JSON = "eve.json";
    public static final int DEFAULT_CAPACITY = 65_536;
    public static final long DEFAULT_OFFER_WAIT_MILLIS = 100;

    /** Queue markers, compared by identity; never written. */
    private static final AlertEvent STOP = marker();
    private static final AlertEvent REOPEN = marker();

    private final LogFile fast;
    private final LogFile eve;
    /** {@link AlertEvent}s, {@link StatsSnapshot}s and the markers. */
    private final ArrayBlockingQueue<Object> queue;
    private final long offerWaitMillis;
    private final Thread thread;

    private volatile boolean closed;
    /** Offers between their closed check and their enqueue; close waits for them to finish. */
    private final AtomicInteger offering = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();
    private volatile Throwable firstError;
    private boolean started;
    /** Called on the writer thread with every event after it is written (bans, extra outputs); set before events flow. */
    private final java.util.List<java.util.function.Consumer<AlertEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Gets every eve.json line too; used by the writer thread only once set (before events flow). */
    private volatile RedisSink redis;

    /** Opens (appending, creating when absent) both files in {@code dir} and starts the writer thread. */
    public OutputWriter(Path dir) throws IOException {
        this(dir, DEFAULT_CAPACITY, DEFAULT_OFFER_WAIT_MILLIS);
    }

    public OutputWriter(Path dir, int capacity, long offerWaitMillis) throws IOException {
        this(dir, capacity, offerWaitMillis, true);
    }

    /** {@code start} false leaves the thread unstarted until {@link #start()}, for tests. */
    OutputWriter(Path dir, int capacity, long offerWaitMillis, boolean start) throws IOException {
        this.fast = new LogFile(dir.resolve(FAST_LOG));
        LogFile e;
        try {
            e = new LogFile(dir.resolve(EVE_JSON));
        } catch (IOException | RuntimeException x) {
            closeQuietly(fast);
            throw x;
        }
        this.eve = e;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.offerWaitMillis = offerWaitMillis;
        this.thread = new Thread(this::run, "sluice-output");
        this.thread.setDaemon(true);
        if (start) {
            start();
        }
    }

    synchronized void start() {
        if (!started) {
            started = true;
            thread.start();
        }
    }

    /**
     * Queues {@code e} for writing. Waits up to the offer wait when the queue is full; returns false
     * (and counts the event as lost) when it is still full, or when the writer is closed.
     */
    public boolean offer(AlertEvent e) {
        return enqueue(e);
    }

    /**
     * Queues a stats record for eve.json (and Redis), never fast.log; like {@link #offer}, returns
     * false and counts it lost when it cannot be queued.
     */
    public boolean offerStats(StatsSnapshot s) {
        return enqueue(java.util.Objects.requireNonNull(s, "stats"));
    }

    /**
     * Sends every eve.json line to {@code sink} as well, from the writer thread, which also closes it
     * at {@link #close()}. Call before events flow; null for none.
     */
    public void setRedis(RedisSink sink) {
        this.redis = sink;
    }

    public RedisSink redis() {
        return redis;
    }

    private boolean enqueue(Object e) {
        offering.incrementAndGet();
        try {
            if (closed) {
                lost.incrementAndGet();
                return false;
            }
            if (queue.offer(e) || queue.offer(e, offerWaitMillis, TimeUnit.MILLISECONDS)) {
                return true;
            }
            lost.incrementAndGet();
            return false;
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            lost.incrementAndGet();
            return false;
        } finally {
            offering.decrementAndGet();
        }
    }

    /**
     * Asks the writer to reopen both files after the events queued so far (for log rotation: move
     * the files away, then call this). Returns false when the request could not be queued.
     */
    public boolean reopen() {
        if (closed) {
            return false;
        }
        try {
            return queue.offer(REOPEN, offerWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Refuses further events, writes everything queued, flushes and closes both files. Throws the
     * first write error seen during the writer's life, if any. Calling it again does nothing.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        start();
        // every offer that saw closed == false has finished enqueueing once this reaches 0
        while (offering.get() != 0) {
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(STOP);
                thread.join();
                break;
            } catch (InterruptedException x) {
                interrupted = true;    // finish closing anyway, report the interrupt after
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = firstError;
        if (t instanceof IOException) {
            throw (IOException) t;
        }
        if (t != null) {
            throw new IOException("writing alert logs failed: " + t, t);
        }
    }

    /**
     * Adds {@code l}, called on the writer thread with each event once it is written. A listener
     * that throws is counted as a write error; it never stops the writer.
     */
    public void addListener(java.util.function.Consumer<AlertEvent> l) {
        listeners.add(l);
    }

    /** Events written so far (an alert counts once though it makes a line in each file). */
    public long written() {
        return written.get();
    }

    /** Events refused because the queue stayed full or the writer was closed. */
    public long lost() {
        return lost.get();
    }

    /** Failed writes or formats; their lines are missing from the files. */
    public long writeErrors() {
        return writeErrors.get();
    }

    /** Events waiting for the writer thread. */
    public int queued() {
        return queue.size();
    }

    public Path fastLogPath() {
        return fast.path();
    }

    public Path evePath() {
        return eve.path();
    }

    // ---------------------------------------------------------------- writer thread

    private void run() {
        try {
            while (true) {
                RedisSink r = redis;
                // Redis output still in flight is pushed on a short tick even when no events come.
                Object e = r != null && r.busy() ? queue.poll(RedisSink.FLUSH_WAIT_MILLIS, TimeUnit.MILLISECONDS) : queue.take();
                if (e == null) {
                    r.flush();
                    continue;
                }
                if (e == STOP) {
                    break;
                }
                if (e == REOPEN) {
                    flushAll();
                    reopenAll();
                } else if (e instanceof StatsSnapshot s) {
                    writeStats(s);
                } else {
                    write((AlertEvent) e);
                }
                if (queue.isEmpty()) {
                    flushAll();
                }
            }
        } catch (InterruptedException x) {
            // nobody interrupts this thread but close(); fall through to closing the files
        } finally {
            RedisSink r = redis;
            if (r != null) {
                try {
                    r.close();
                } catch (RuntimeException x) {
                    failed(x);
                }
            }
            try {
                fast.close();
            } catch (IOException x) {
                failed(x);
            }
            try {
                eve.close();
            } catch (IOException x) {
                failed(x);
            }
        }
    }

    private void write(AlertEvent e) {
        try {
            String eveLine = EveFormatter.format(e);
            String fastLine = e.type() == AlertEvent.Type.ALERT ? FastLogFormatter.format(e) : null;
            toRedis(eveLine);    // before the files: a failing disk must not cost the Redis copy
            eve.appendLine(eveLine);
            if (fastLine != null) {
                fast.appendLine(fastLine);
            }
            written.incrementAndGet();
        } catch (IOException | RuntimeException x) {
            failed(x);
        }
        for (java.util.function.Consumer<AlertEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException x) {
                failed(x);
            }
        }
    }

    private void writeStats(StatsSnapshot s) {
        try {
            String line = EveFormatter.formatStats(s);
            toRedis(line);
            eve.appendLine(line);
        } catch (IOException | RuntimeException x) {
            failed(x);
        }
    }

    private void toRedis(String eveLine) {
        RedisSink r = redis;
        if (r != null) {
            try {
                r.line(eveLine);
            } catch (RuntimeException x) {
                failed(x);
            }
        }
    }

    private void flushAll() {
        RedisSink r = redis;
        if (r != null) {
            try {
                r.flush();
            } catch (RuntimeException x) {
                failed(x);
            }
        }
        try {
            fast.flush();
        } catch (IOException x) {
            failed(x);
        }
        try {
            eve.flush();
        } catch (IOException x) {
            failed(x);
        }
    }

    private void reopenAll() {
        try {
            fast.reopen();
        } catch (IOException x) {
            failed(x);
        }
        try {
            eve.reopen();
        } catch (IOException x) {
            failed(x);
        }
    }

    private void failed(Throwable x) {
        writeErrors.incrementAndGet();
        if (firstError == null) {
            firstError = x;
        }
    }

    private static void closeQuietly(LogFile f) {
        try {
            f.close();
        } catch (IOException ignored) {
            // already failing with the open error
        }
    }

    private static AlertEvent marker() {
        return AlertEvent.builder().type(AlertEvent.Type.DROP).src("", 0).dst("", 0).build();
    }
}
