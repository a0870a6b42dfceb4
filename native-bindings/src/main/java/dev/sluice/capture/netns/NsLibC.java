package dev.sluice.capture.netns;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/** libc calls for switching a thread's network namespace (JNA direct mapping). */
final class NsLibC {
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;

    static {
        Native.register(NsLibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private NsLibC() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native int setns(int fd, int nstype);

    static native String strerror(int errno);
}
