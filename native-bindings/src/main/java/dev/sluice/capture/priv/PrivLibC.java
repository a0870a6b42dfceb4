package dev.sluice.capture.priv;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls of dropping privileges, bound by JNA direct mapping. Calls returning -1 leave their
 * errno in {@link Native#getLastError()}; the {@code *_r} lookups return it instead.
 */
final class PrivLibC {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int ERANGE = 34;

    static final int PR_SET_KEEPCAPS = 8;
    static final int PR_CAPBSET_READ = 23;
    static final int PR_CAPBSET_DROP = 24;
    static final int PR_SET_NO_NEW_PRIVS = 38;
    static final int PR_CAP_AMBIENT = 47;
    static final int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    /** 64-bit capability sets: the header names this version, the data is two 3-int structs (low, high word). */
    static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    static {
        Native.register(PrivLibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private PrivLibC() {
    }

    /** prctl is variadic in libc; every option used here takes (at most) four unsigned longs. */
    static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    static native int capget(Pointer header, Pointer data);

    static native int capset(Pointer header, Pointer data);

    static native int setgroups(long size, int[] list);

    static native int setgid(int gid);

    static native int setuid(int uid);

    static native int geteuid();

    static native int getpwnam_r(String name, Pointer pwd, Pointer buf, long buflen, Pointer result);

    static native int getgrnam_r(String name, Pointer grp, Pointer buf, long buflen, Pointer result);

    static native String strerror(int errno);

    /** "EPERM (Operation not permitted)" style text for an errno. */
    static String describe(int errno) {
        String name = switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EINVAL -> "EINVAL";
            case ENFILE -> "ENFILE";
            case EMFILE -> "EMFILE";
            case ERANGE -> "ERANGE";
            default -> "errno " + errno;
        };
        return name + " (" + strerror(errno) + ")";
    }
}
