package dev.sluice.capture.nfq;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * libnetfilter_queue, bound by JNA direct mapping. Used for setting a queue up and tearing it down;
 * packets and verdicts travel on the socket directly (see {@link NfqueueHandle}).
 */
final class LibNfq {
    /** The soname Debian's libnetfilter-queue1 installs; the unversioned name needs the -dev package. */
    static final String SONAME = "libnetfilter_queue.so.1";

    private static final Throwable LOAD_FAILURE;

    static {
        Throwable failure = null;
        try {
            Native.register(LibNfq.class, NativeLibrary.getInstance(SONAME));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            failure = e;
        }
        LOAD_FAILURE = failure;
    }

    private LibNfq() {
    }

    /** Null when the library is loaded, else why not. */
    static Throwable loadFailure() {
        return LOAD_FAILURE;
    }

    /** The per-queue callback libnetfilter_queue requires; called only while a setup request waits for its ack. */
    interface PacketCallback extends Callback {
        int invoke(Pointer qh, Pointer nfmsg, Pointer nfad, Pointer data);
    }

    static native Pointer nfq_open();

    static native int nfq_close(Pointer h);

    static native int nfq_bind_pf(Pointer h, short pf);

    static native Pointer nfq_create_queue(Pointer h, short num, PacketCallback cb, Pointer data);

    static native int nfq_destroy_queue(Pointer qh);

    static native int nfq_set_mode(Pointer qh, byte mode, int range);

    static native int nfq_set_queue_maxlen(Pointer qh, int queuelen);

    static native int nfq_set_queue_flags(Pointer qh, int mask, int flags);

    static native int nfq_fd(Pointer h);

    static native Pointer nfq_get_msg_packet_hdr(Pointer nfad);

    static native int nfq_set_verdict(Pointer qh, int id, int verdict, int dataLen, Pointer buf);

    static native int nfq_set_verdict2(Pointer qh, int id, int verdict, int mark, int dataLen, Pointer buf);

    static native int nfq_set_verdict_batch2(Pointer qh, int id, int verdict, int mark);
}
