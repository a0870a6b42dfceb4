package dev.sluice.signatures.mpm;

import com.gliwka.hyperscan.jni.hyperscan;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Whether the Hyperscan natives load and run on this machine. Checked once, on first use; never
 * throws.
 */
public final class Hyperscan {

    private Hyperscan() {
    }

    /** True when the native library loaded and the CPU is one Hyperscan supports. */
    public static boolean available() {
        return Probe.REASON == null;
    }

    /** Why Hyperscan cannot be used here, or null when it can. */
    public static String unavailableReason() {
        return Probe.REASON;
    }

    /** The library's version string (e.g. {@code "5.4.0 2021-03-31"}), or null when unavailable. */
    public static String version() {
        return Probe.VERSION;
    }

    /** Name for a Hyperscan return code, for error messages. */
    static String errorName(int rc) {
        return switch (rc) {
            case 0 -> "HS_SUCCESS";
            case -1 -> "HS_INVALID";
            case -2 -> "HS_NOMEM";
            case -3 -> "HS_SCAN_TERMINATED";
            case -4 -> "HS_COMPILER_ERROR";
            case -5 -> "HS_DB_VERSION_ERROR";
            case -6 -> "HS_DB_PLATFORM_ERROR";
            case -7 -> "HS_DB_MODE_ERROR";
            case -8 -> "HS_BAD_ALIGN";
            case -9 -> "HS_BAD_ALLOC";
            case -10 -> "HS_SCRATCH_IN_USE";
            case -11 -> "HS_ARCH_ERROR";
            case -12 -> "HS_INSUFFICIENT_SPACE";
            default -> "hyperscan error " + rc;
        };
    }

    /** Lazy holder: the probe runs when availability is first asked. */
    private static final class Probe {
        static final String REASON;
        static final String VERSION;

        static {
            String reason;
            String version = null;
            String arch = System.getProperty("os.arch", "?");
            if (!arch.equals("amd64") && !arch.equals("x86_64")) {
                reason = "Hyperscan needs an x86-64 CPU with SSSE3; this JVM runs on " + arch;
            } else {
                try {
                    Loader.load(hyperscan.class);
                    int rc = hyperscan.hs_valid_platform();
                    if (rc != hyperscan.HS_SUCCESS) {
                        reason = "Hyperscan needs an x86-64 CPU with SSSE3 (hs_valid_platform returned "
                                + errorName(rc) + ")";
                    } else {
                        BytePointer v = hyperscan.hs_version();
                        version = v == null || v.isNull() ? "unknown" : v.getString();
                        reason = null;
                    }
                } catch (LinkageError | RuntimeException e) {
                    // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError, ...
                    reason = "Hyperscan native library did not load on " + System.getProperty("os.name")
                            + "/" + arch + ": " + e;
                }
            }
            REASON = reason;
            VERSION = version;
        }
    }
}
