package dev.sluice.capture.nfq;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point for NFQUEUE: whether it can be used here, and opening a queue.
 *
 * <p>A queue's netlink socket lives in the network namespace of the thread that opens it (see
 * {@code dev.sluice.capture.netns.NetNs#enterOnThisThread}).
 */
public final class Nfqueue {
    /** Linux capability number of CAP_NET_ADMIN (bit in /proc/thread-self/status CapEff: capabilities are per thread). */
    private static final int CAP_NET_ADMIN = 12;
    /** Queue bound for a moment by {@link #unavailableReason()}; high to stay clear of real ones. */
    private static final int PROBE_QUEUE = 65_535;

    private Nfqueue() {
    }

    /**
     * Says what keeps NFQUEUE from working for this process, in one line a person can act on, or
     * null when a queue can be opened. Checks the library, the privileges, then the kernel (by binding
     * and unbinding a spare queue in the calling thread's network namespace).
     */
    public static String unavailableReason() {
        String lib = libraryProblem();
        if (lib != null) {
            return lib;
        }
        if (!privileged()) {
            return "NFQUEUE needs root or CAP_NET_ADMIN (this process has neither)";
        }
        Pointer h = LibNfq.nfq_open();
        if (h == null) {
            return kernelProblem("nfq_open", Native.getLastError());
        }
        try {
            Pointer qh = LibNfq.nfq_create_queue(h, (short) PROBE_QUEUE, NfqueueHandle.SETUP_CALLBACK, null);
            if (qh == null) {
                int errno = Native.getLastError();
                // Someone else holds the probe queue: the kernel side works.
                return errno == LibC.EBUSY ? null : kernelProblem("nfq_create_queue", errno);
            }
            LibNfq.nfq_destroy_queue(qh);
            return null;
        } finally {
            LibNfq.nfq_close(h);
        }
    }

    /**
     * Binds queue {@code cfg.queue()} in the calling thread's network namespace and sets it up.
     *
     * @throws IOException saying which step failed and why (library missing, queue already bound by
     *                     another process, not permitted, kernel module missing)
     */
    public static NfqueueHandle open(NfqConfig cfg) throws IOException {
        String lib = libraryProblem();
        if (lib != null) {
            throw new IOException(lib);
        }
        return NfqueueHandle.open(cfg);
    }

    static String libraryProblem() {
        Throwable t = LibNfq.loadFailure();
        if (t == null) {
            return null;
        }
        return LibNfq.SONAME + " not found: install libnetfilter-queue1 (" + firstLine(t.getMessage()) + ")";
    }

    /** The advice for a failed setup call, by errno. */
    static String kernelProblem(String call, int errno) {
        String why = LibC.describe(errno);
        return switch (errno) {
            case LibC.EPERM, LibC.EACCES -> call + " failed: " + why
                    + ": NFQUEUE needs CAP_NET_ADMIN in this network namespace";
            case LibC.EBUSY -> call + " failed: " + why + ": the queue is already bound by another process";
            case LibC.EPROTONOSUPPORT -> call + " failed: " + why
                    + ": the kernel has no nfnetlink (modprobe nfnetlink)";
            default -> call + " failed: " + why
                    + ": the nfnetlink_queue kernel module is missing or cannot be loaded (modprobe nfnetlink_queue)";
        };
    }

    private static boolean privileged() {
        if (LibC.geteuid() == 0) {
            return true;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (caps & (1L << CAP_NET_ADMIN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
