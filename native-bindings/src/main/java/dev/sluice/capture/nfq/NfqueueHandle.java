package dev.sluice.capture.nfq;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;
import dev.sluice.capture.Verdict;
import dev.sluice.capture.VerdictSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static dev.sluice.capture.nfq.NfqWire.*;

/**
 * One bound NFQUEUE queue, read and answered by one worker thread.
 *
 * <p>libnetfilter_queue sets the queue up and tears it down; in between, packets are read with
 * {@code recv} into a reused native buffer and parsed in place, and verdicts are written as netlink
 * messages into another and sent with {@code send} on the same socket, several per send (see
 * {@link VerdictWriter}). Verdicts wait in the buffer until {@link NfqConfig#batchSize()} of them are
 * gathered, {@link #flush()} is called, or {@link #next(Frame)} finds nothing to read and is about to
 * wait: no packet waits for a verdict while the worker sleeps.
 *
 * <p>{@link #stop()} may be called from any thread; everything else belongs to the worker. Call
 * {@link #close()} after the worker has left {@link #next(Frame)}.
 */
public final class NfqueueHandle implements PacketSource, VerdictSink {
    /** Wait in poll at most this long before looking at the stop flag again (a safety net for the eventfd). */
    private static final int POLL_MILLIS = 1000;
    /** Room in the receive buffer beyond the payload for the netlink header and the other attributes. */
    private static final int RECEIVE_SLACK = 8192;
    private static final String PROC_QUEUES = "/proc/thread-self/net/netfilter/nfnetlink_queue";

    /** Answers packets that arrive while a setup or teardown request waits for the kernel's ack: accepted unseen. */
    static final LibNfq.PacketCallback SETUP_CALLBACK = new SetupCallback();

    private final NfqConfig cfg;
    private final Pointer h;
    private final Pointer qh;
    private final int fd;
    private final int eventFd;
    private final Memory rxMem;
    private final ByteBuffer rx;
    private final int rxCap;
    private final Memory txMem;
    private final Memory pollFds;
    private final Memory one;
    private final PacketParser parser = new PacketParser();
    private final VerdictWriter writer;
    private final FileChannel procQueues;
    private final Object lifecycle = new Object();
    private int rxPos;
    private int rxEnd;
    private volatile boolean stopped;
    private boolean closed;
    private int lastErrno;

    // Counters: written by the worker only; other threads read them as approximate values.
    private long received;
    private long sends;
    private long sendErrors;
    private long recvErrors;
    private long enobufs;
    private long verdictErrors;
    private long malformed;
    private long truncated;
    private long missed;
    private int lastId;
    private boolean anyId;

    private NfqueueHandle(NfqConfig cfg, Pointer h, Pointer qh, int fd, int eventFd, FileChannel procQueues) {
        this.cfg = cfg;
        this.h = h;
        this.qh = qh;
        this.fd = fd;
        this.eventFd = eventFd;
        this.procQueues = procQueues;
        this.rxCap = cfg.snapLength() + RECEIVE_SLACK;
        this.rxMem = new Memory(rxCap);
        this.rx = rxMem.getByteBuffer(0, rxCap).order(ByteOrder.nativeOrder());
        int txCap = VerdictWriter.capacityFor(cfg.batchSize());
        this.txMem = new Memory(txCap);
        this.writer = new VerdictWriter(txMem.getByteBuffer(0, txCap).order(ByteOrder.nativeOrder()),
                cfg.queue(), cfg.batchSize(), cfg.maxLength());
        this.pollFds = new Memory(16);
        pollFds.setInt(0, fd);
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setInt(8, eventFd);
        pollFds.setShort(12, LibC.POLLIN);
        this.one = new Memory(8);
        one.setLong(0, 1);
    }

    static NfqueueHandle open(NfqConfig cfg) throws IOException {
        Pointer h = LibNfq.nfq_open();
        if (h == null) {
            throw new IOException(Nfqueue.kernelProblem("nfq_open", Native.getLastError()));
        }
        Pointer qh = null;
        int eventFd = -1;
        try {
            // A no-op on current kernels; older ones need the family bound before a queue.
            if (LibNfq.nfq_bind_pf(h, (short) AF_INET) < 0) {
                int errno = Native.getLastError();
                if (errno == LibC.EPERM || errno == LibC.EACCES) {
                    throw new IOException(Nfqueue.kernelProblem("nfq_bind_pf", errno));
                }
            }
            qh = LibNfq.nfq_create_queue(h, (short) cfg.queue(), SETUP_CALLBACK, null);
            if (qh == null) {
                throw new IOException("queue " + cfg.queue() + ": "
                        + Nfqueue.kernelProblem("nfq_create_queue", Native.getLastError()));
            }
            check(LibNfq.nfq_set_mode(qh, (byte) NFQNL_COPY_PACKET, cfg.snapLength()), cfg, "nfq_set_mode");
            check(LibNfq.nfq_set_queue_maxlen(qh, cfg.maxLength()), cfg, "nfq_set_queue_maxlen");
            int flags = (cfg.failOpen() ? NFQA_CFG_F_FAIL_OPEN : 0) | (cfg.gso() ? NFQA_CFG_F_GSO : 0);
            check(LibNfq.nfq_set_queue_flags(qh, NFQA_CFG_F_FAIL_OPEN | NFQA_CFG_F_GSO, flags), cfg,
                    "nfq_set_queue_flags");
            int fd = LibNfq.nfq_fd(h);
            Memory opt = new Memory(4);
            if (cfg.receiveBuffer() > 0) {
                opt.setInt(0, cfg.receiveBuffer());
                if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, opt, 4) < 0) {
                    // Without CAP_NET_ADMIN over the buffer limit: take what net.core.rmem_max allows.
                    LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, opt, 4);
                }
            }
            opt.setInt(0, cfg.noEnobufs() ? 1 : 0);
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_NO_ENOBUFS, opt, 4);
            eventFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
            if (eventFd < 0) {
                throw new IOException("queue " + cfg.queue() + ": eventfd failed: "
                        + LibC.describe(Native.getLastError()));
            }
            FileChannel proc = openProcQueues();
            return new NfqueueHandle(cfg, h, qh, fd, eventFd, proc);
        } catch (IOException | RuntimeException e) {
            if (eventFd >= 0) {
                LibC.close(eventFd);
            }
            if (qh != null) {
                LibNfq.nfq_destroy_queue(qh);
            }
            LibNfq.nfq_close(h);
            throw e;
        }
    }

    private static void check(int rc, NfqConfig cfg, String call) throws IOException {
        if (rc < 0) {
            throw new IOException("queue " + cfg.queue() + ": " + call + " failed: "
                    + LibC.describe(Native.getLastError()));
        }
    }

    /** The queue list of this thread's namespace, kept open so any thread can read it later. */
    private static FileChannel openProcQueues() {
        try {
            return FileChannel.open(Path.of(PROC_QUEUES), StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The queue number. */
    public int queue() {
        return cfg.queue();
    }

    public NfqConfig config() {
        return cfg;
    }

    @Override
    public boolean inline() {
        return true;
    }

    /**
     * Waits for the next queued packet and copies it into {@code frame} (IP header first,
     * {@link Frame#LINK_RAW}). Sends gathered verdicts before it waits.
     *
     * @return false once {@link #stop()} was called
     * @throws IOException when the socket fails in a way that will not pass
     */
    @Override
    public boolean next(Frame frame) throws IOException {
        for (;;) {
            while (rxPos < rxEnd) {
                int at = rxPos;
                int len = rx.getInt(at + OFF_LEN);
                int left = rxEnd - at;
                if (len < NLMSG_HDRLEN || left < NLMSG_HDRLEN) {
                    malformed++;
                    rxPos = rxEnd;
                    break;
                }
                if (len > left) {
                    // Cut short (by the buffer, or a lying header): still read the packet id if it is there.
                    malformed++;
                    len = left;
                }
                rxPos = at + align4(len);
                int r = parser.parse(rx, at, len, frame);
                if (r == PacketParser.PACKET) {
                    received++;
                    if (parser.damaged) {
                        malformed++;
                    }
                    int id = (int) frame.id;
                    // The kernel numbers a queue's packets one by one, under its lock, in the order it sends
                    // them; a gap is packets it numbered but could not put in our socket (int wrap-safe).
                    int gap = id - lastId - 1;
                    if (anyId && gap > 0) {
                        missed += gap;
                    }
                    lastId = id;
                    anyId = true;
                    writer.handedOut(id);
                    return true;
                }
                if (r == PacketParser.ERROR) {
                    verdictErrors++;
                    lastErrno = parser.errno;
                } else if (r == PacketParser.MALFORMED) {
                    malformed++;
                }
            }
            if (stopped) {
                flush();
                return false;
            }
            long n = LibC.recv(fd, rxMem, rxCap, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC);
            if (n >= 0) {
                if (n > rxCap) {
                    truncated++;
                    n = rxCap;
                }
                rxPos = 0;
                rxEnd = (int) n;
                continue;
            }
            int errno = Native.getLastError();
            if (errno == LibC.EAGAIN) {
                flush();
                waitReadable();
            } else if (errno == LibC.ENOBUFS) {
                // The kernel could not deliver some packets to us: without fail-open they are counted in
                // user_dropped; with it they were accepted uninspected (see missed()).
                enobufs++;
            } else if (errno != LibC.EINTR) {
                recvErrors++;
                throw new IOException("queue " + cfg.queue() + ": recv failed: " + LibC.describe(errno));
            }
        }
    }

    private void waitReadable() throws IOException {
        if (stopped) {
            return;
        }
        if (LibC.poll(pollFds, 2, POLL_MILLIS) < 0) {
            int errno = Native.getLastError();
            if (errno != LibC.EINTR) {
                throw new IOException("queue " + cfg.queue() + ": poll failed: " + LibC.describe(errno));
            }
        }
    }

    /**
     * Gives the packet {@code id} its verdict: ACCEPT (with {@code mark} set when non-zero), DROP, or
     * REPEAT with {@code mark} (or {@link NfqConfig#defaultMark()} when 0) so that it goes through the
     * hook again. Plain ACCEPTs in order are sent as batch verdicts.
     */
    @Override
    public void verdict(long id, Verdict verdict, int mark) {
        if (closed) {
            return;
        }
        switch (verdict) {
            case ACCEPT -> writer.add((int) id, NF_ACCEPT, mark);
            case DROP -> writer.add((int) id, NF_DROP, 0);
            case REPEAT -> writer.add((int) id, NF_REPEAT, mark != 0 ? mark : cfg.defaultMark());
        }
        if (writer.full()) {
            flush();
        }
    }

    /** Sends the gathered verdicts now, in one send. */
    @Override
    public void flush() {
        if (writer.empty() || closed) {
            return;
        }
        int len = writer.finish();
        for (;;) {
            long n = LibC.send(fd, txMem, len, 0);
            if (n >= 0) {
                break;
            }
            int errno = Native.getLastError();
            if (errno != LibC.EINTR) {
                sendErrors++;
                lastErrno = errno;
                break;
            }
        }
        sends++;
        writer.reset();
    }

    /** Makes {@link #next(Frame)} return false promptly; callable from any thread. Final. */
    public void stop() {
        stopped = true;
        synchronized (lifecycle) {
            if (!closed) {
                LibC.write(eventFd, one, 8);
            }
        }
    }

    /**
     * Sends what is gathered and unbinds the queue. With fail-open, packets still in the queue (read
     * or not) are accepted first; otherwise the kernel drops them when the queue goes away.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            stopped = true;
            flush();
            if (cfg.failOpen()) {
                releaseQueued();
            }
            closed = true;
            LibNfq.nfq_destroy_queue(qh);
            LibNfq.nfq_close(h);
            LibC.close(eventFd);
            if (procQueues != null) {
                try {
                    procQueues.close();
                } catch (IOException e) {
                    // nothing left to do with it
                }
            }
        }
    }

    /** Reads what the socket still holds and accepts every queued packet up to the newest id seen. */
    private void releaseQueued() {
        boolean any = writer.waitingCount() > 0;
        int newest = writer.newestWaiting(0);
        Frame scratch = new Frame();
        for (int i = 0; i < cfg.maxLength() + 64; i++) {
            long n = LibC.recv(fd, rxMem, rxCap, LibC.MSG_DONTWAIT);
            if (n < 0) {
                if (Native.getLastError() == LibC.EINTR) {
                    continue;
                }
                break;
            }
            int end = (int) Math.min(n, rxCap);
            for (int at = 0; at + NLMSG_HDRLEN <= end; ) {
                int len = Math.min(rx.getInt(at), end - at);
                if (len < NLMSG_HDRLEN) {
                    break;
                }
                if (parser.parse(rx, at, len, scratch) == PacketParser.PACKET) {
                    any = true;
                    newest = (int) scratch.id;
                }
                at += align4(len);
            }
        }
        if (any) {
            writer.acceptAllUpTo(newest);
            flush();
        }
    }

    /** Packets handed out by {@link #next(Frame)}. */
    public long received() {
        return received;
    }

    /** Verdicts given (each counts once, whether it went alone or in a batch). */
    public long verdicts() {
        return writer.verdicts;
    }

    /** NFQNL_MSG_VERDICT_BATCH messages sent. */
    public long batches() {
        return writer.batchMessages;
    }

    /** Single-packet verdict messages sent. */
    public long singleVerdicts() {
        return writer.singleMessages;
    }

    /** send calls made for verdicts. */
    public long sends() {
        return sends;
    }

    /** Verdict sends that failed, and verdicts the kernel answered with an error (e.g. unknown id). */
    public long verdictErrors() {
        return sendErrors + verdictErrors;
    }

    /**
     * Packets the kernel numbered for this queue but could not put in the socket because its receive
     * buffer was full, counted from gaps in the packet ids. With fail-open the kernel accepted them
     * uninspected and counts them nowhere else; without, it dropped them (also in user_dropped).
     * Packets turned away because the queue itself was full get no id and are not in this count, nor
     * are those numbered before the first packet this handle read (the ones accepted unseen while the
     * queue was being set up among them). A message too damaged to yield its packet id also shows as a
     * gap, though its packet is still waiting in the kernel (it is counted in {@link #malformed()} too).
     */
    public long missed() {
        return missed;
    }

    /** recv calls that reported ENOBUFS (only with {@link NfqConfig#noEnobufs()} off). */
    public long enobufs() {
        return enobufs;
    }

    /** recv calls that failed otherwise. */
    public long recvErrors() {
        return recvErrors;
    }

    /** Messages that did not hold together, and datagrams cut short by the receive buffer. */
    public long malformed() {
        return malformed + truncated;
    }

    /** The errno of the last failed verdict, 0 if none failed. */
    public int lastVerdictErrno() {
        return lastErrno;
    }

    /** The kernel's view of this queue, or null when it cannot be read. Reads a proc file: not per packet. */
    public NfqKernelStats kernelStats() {
        FileChannel ch = procQueues;
        if (ch == null) {
            return null;
        }
        try {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            synchronized (lifecycle) {
                if (closed) {
                    return null;
                }
                long pos = 0;
                int n;
                while (buf.hasRemaining() && (n = ch.read(buf, pos)) > 0) {
                    pos += n;
                }
            }
            buf.flip();
            return NfqKernelStats.find(StandardCharsets.US_ASCII.decode(buf), cfg.queue());
        } catch (IOException e) {
            return null;
        }
    }

    /** Packets the kernel dropped (queue full, or socket buffer full), or -1 when unknown. */
    public long kernelDropped() {
        NfqKernelStats s = kernelStats();
        return s == null ? -1 : s.queueDropped() + s.userDropped();
    }

    /** Accepts, unseen, each packet that arrives while libnetfilter_queue waits for a setup ack. */
    private static final class SetupCallback implements LibNfq.PacketCallback {
        @Override
        public int invoke(Pointer qhandle, Pointer nfmsg, Pointer nfad, Pointer data) {
            Pointer ph = LibNfq.nfq_get_msg_packet_hdr(nfad);
            if (ph != null) {
                int id = ph.getInt(0);
                if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                    id = Integer.reverseBytes(id);
                }
                LibNfq.nfq_set_verdict(qhandle, id, NF_ACCEPT, 0, null);
            }
            return 0;
        }
    }
}
