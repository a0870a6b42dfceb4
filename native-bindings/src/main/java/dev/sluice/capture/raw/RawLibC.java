package dev.sluice.capture.raw;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls of raw sending, bound by JNA direct mapping (no reflection or allocation per call).
 * After a call returns -1, {@link Native#getLastError()} holds its errno.
 */
final class RawLibC {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    /** With this protocol the caller writes the IP header (IP_HDRINCL on IPv4; implied on IPv6 since Linux 4.5). */
    static final int IPPROTO_RAW = 255;
    static final int SOL_SOCKET = 1;
    static final int SO_MARK = 36;
    static final int MSG_DONTWAIT = 0x40;

    static final int EPERM = 1;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EINVAL = 22;
    static final int EMSGSIZE = 90;
    static final int EAFNOSUPPORT = 97;
    static final int ENETUNREACH = 101;
    static final int ENOBUFS = 105;
    static final int EHOSTUNREACH = 113;

    static {
        Native.register(RawLibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private RawLibC() {
    }

    static native int socket(int domain, int type, int protocol);

    static native long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrLen);

    static native int setsockopt(int fd, int level, int name, Pointer value, int len);

    static native int close(int fd);

    static native int geteuid();

    static native String strerror(int errno);

    /** "EPERM (Operation not permitted)" style text for an errno. */
    static String describe(int errno) {
        String name = switch (errno) {
            case EPERM -> "EPERM";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EINVAL -> "EINVAL";
            case EMSGSIZE -> "EMSGSIZE";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case ENETUNREACH -> "ENETUNREACH";
            case ENOBUFS -> "ENOBUFS";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            default -> "errno " + errno;
        };
        return name + " (" + strerror(errno) + ")";
    }
}
