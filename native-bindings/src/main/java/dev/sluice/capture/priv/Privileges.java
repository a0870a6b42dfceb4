package dev.sluice.capture.priv;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Drops a root process to an unprivileged user and group, keeping CAP_NET_ADMIN (and optionally
 * CAP_NET_RAW) on the calling thread only.
 *
 * <p>Linux capabilities belong to threads, not processes. After {@link #dropTo}:
 * <ul>
 *   <li>every thread of the process runs as the new uid/gid with the new group list (glibc applies
 *       setgroups/setgid/setuid to all threads);</li>
 *   <li>the calling thread holds exactly the kept capabilities, effective and permitted, an empty
 *       inheritable and ambient set, a bounding set reduced to the kept capabilities, and
 *       no_new_privs;</li>
 *   <li>threads the calling thread starts afterwards inherit all of that, so call it on the thread
 *       that then starts the workers, after the queues are bound;</li>
 *   <li>threads that already existed (JVM internals, writers, a control server) lose every
 *       capability in the uid change (their permitted and effective sets are cleared, since only the
 *       calling thread asked to keep them), but keep the full bounding set and no no_new_privs:
 *       they cannot use a capability, yet an exec from them of a set-user-ID program is not
 *       fenced. Under systemd, {@code NoNewPrivileges=} and {@code CapabilityBoundingSet=} close
 *       that for the whole process.</li>
 * </ul>
 * Sockets opened before the drop stay usable; NFQUEUE verdicts still need CAP_NET_ADMIN in the
 * sending thread, which is why it is kept. The uid change also makes the process non-dumpable.
 */
public final class Privileges {
    public static final int CAP_SETGID = 6;
    public static final int CAP_SETUID = 7;
    public static final int CAP_SETPCAP = 8;
    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_NET_RAW = 13;

    /** What the process runs as after a drop. */
    public record Identity(String user, int uid, String group, int gid, long capabilities) {
        /** "nobody:nogroup (uid 65534, gid 65534), capabilities CAP_NET_ADMIN" */
        public String describe() {
            StringBuilder caps = new StringBuilder();
            if ((capabilities & (1L << CAP_NET_ADMIN)) != 0) {
                caps.append("CAP_NET_ADMIN");
            }
            if ((capabilities & (1L << CAP_NET_RAW)) != 0) {
                caps.append(caps.length() > 0 ? " " : "").append("CAP_NET_RAW");
            }
            return user + ":" + group + " (uid " + uid + ", gid " + gid + "), capabilities "
                    + (caps.length() > 0 ? caps : "none");
        }
    }

    private Privileges() {
    }

    /**
     * Switches the process to {@code user} and {@code group} and leaves the calling thread with
     * permitted = effective = CAP_NET_ADMIN (plus CAP_NET_RAW with {@code keepNetRaw}). Must run as
     * root, on the thread that afterwards starts the threads needing those capabilities; threads
     * started before lose all capabilities (see the class comment).
     *
     * @param user       user name (or numeric uid when no such name exists; its primary group is then
     *                   the same number); not root
     * @param group      group name (or numeric gid), or null for the user's primary group; it also
     *                   becomes the only supplementary group
     * @param keepNetRaw keep CAP_NET_RAW too (raw sockets opened after the drop, e.g. for rejects)
     * @throws IOException one line, "cannot drop to user U: reason (ERRNO (text))"; nothing is
     *                     changed when the user, the group or root is missing, but a failure after
     *                     the first step leaves the process half-dropped and it should exit
     */
    public static Identity dropTo(String user, String group, boolean keepNetRaw) throws IOException {
        // Class files in folders are opened when first used, and the new user may not be able to
        // read them (a build under /root): load ours now. Jars stay open and need nothing.
        preloadClasses("dev/sluice/");
        if (user == null || user.isEmpty()) {
            throw new IOException("cannot drop to user '': no user given");
        }
        int[] pw = lookupUser(user);
        int uid = pw[0];
        int gid;
        String groupName;
        if (group == null || group.isEmpty()) {
            gid = pw[1];
            groupName = String.valueOf(gid);
        } else {
            gid = lookupGroup(user, group);
            groupName = group;
        }
        if (uid == 0) {
            throw fail(user, "it is uid 0 (root); choose an unprivileged user");
        }
        int euid = PrivLibC.geteuid();
        if (euid != 0) {
            throw fail(user, "not running as root (effective uid " + euid + ")");
        }
        long keep = (1L << CAP_NET_ADMIN) | (keepNetRaw ? 1L << CAP_NET_RAW : 0);
        long[] now = capget(user);
        if ((now[1] & keep) != keep) {
            throw fail(user, "this thread's permitted capabilities (0x" + Long.toHexString(now[1])
                    + ") lack " + (((now[1] >> CAP_NET_ADMIN) & 1) == 0 ? "CAP_NET_ADMIN" : "CAP_NET_RAW"));
        }
        // Keeps the permitted set of this thread across setuid; only this thread's flag is set.
        prctl(user, "prctl(PR_SET_KEEPCAPS, 1)", PrivLibC.PR_SET_KEEPCAPS, 1);
        // The bounding set is trimmed while CAP_SETPCAP is still effective (it is gone after setuid).
        int last = lastCap();
        for (int cap = 0; cap <= last; cap++) {
            if ((keep & (1L << cap)) == 0 && PrivLibC.prctl(PrivLibC.PR_CAPBSET_READ, cap, 0, 0, 0) == 1) {
                prctl(user, "prctl(PR_CAPBSET_DROP, " + cap + ")", PrivLibC.PR_CAPBSET_DROP, cap);
            }
        }
        if (PrivLibC.setgroups(1, new int[] {gid}) != 0) {
            throw fail(user, "setgroups([" + gid + "]) failed: " + PrivLibC.describe(Native.getLastError()));
        }
        if (PrivLibC.setgid(gid) != 0) {
            throw fail(user, "setgid(" + gid + ") failed: " + PrivLibC.describe(Native.getLastError()));
        }
        if (PrivLibC.setuid(uid) != 0) {
            throw fail(user, "setuid(" + uid + ") failed: " + PrivLibC.describe(Native.getLastError()));
        }
        // Capabilities are per thread: only this one keeps them, and threads it starts from now on inherit them.
        capset(user, keep);
        if (PrivLibC.prctl(PrivLibC.PR_CAP_AMBIENT, PrivLibC.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0
                && Native.getLastError() != PrivLibC.EINVAL) { // EINVAL: a kernel before 4.3 has no ambient set
            throw fail(user, "prctl(PR_CAP_AMBIENT_CLEAR_ALL) failed: " + PrivLibC.describe(Native.getLastError()));
        }
        prctl(user, "prctl(PR_SET_KEEPCAPS, 0)", PrivLibC.PR_SET_KEEPCAPS, 0);
        prctl(user, "prctl(PR_SET_NO_NEW_PRIVS, 1)", PrivLibC.PR_SET_NO_NEW_PRIVS, 1);
        long[] after = capget(user);
        if (after[0] != keep || after[1] != keep || after[2] != 0) {
            throw fail(user, "capabilities after the drop are effective 0x" + Long.toHexString(after[0])
                    + ", permitted 0x" + Long.toHexString(after[1]) + ", inheritable 0x" + Long.toHexString(after[2])
                    + ", expected 0x" + Long.toHexString(keep));
        }
        return new Identity(user, uid, groupName, gid, keep);
    }

    /** {uid, primary gid} of {@code user}. */
    private static int[] lookupUser(String user) throws IOException {
        // struct passwd: pw_name, pw_passwd (pointers), pw_uid, pw_gid (ints), then three pointers.
        int p = Native.POINTER_SIZE;
        Pointer entry = lookup(user, "user", 5L * p + 8, (e, buf, n, res) -> PrivLibC.getpwnam_r(user, e, buf, n, res));
        if (entry == null) {
            int id = numeric(user);
            if (id < 0) {
                throw fail(user, "no such user");
            }
            return new int[] {id, id};
        }
        return new int[] {entry.getInt(2L * p), entry.getInt(2L * p + 4)};
    }

    private static int lookupGroup(String user, String group) throws IOException {
        // struct group: gr_name, gr_passwd (pointers), gr_gid (int), gr_mem (pointer, aligned).
        int p = Native.POINTER_SIZE;
        Pointer entry = lookup(user, "group " + group, 4L * p + 8,
                (e, buf, n, res) -> PrivLibC.getgrnam_r(group, e, buf, n, res));
        if (entry == null) {
            int id = numeric(group);
            if (id < 0) {
                throw fail(user, "no such group " + group);
            }
            return id;
        }
        return entry.getInt(2L * p);
    }

    private interface Lookup {
        int call(Pointer entry, Pointer buf, long len, Pointer result);
    }

    /** Runs a reentrant NSS lookup, growing its buffer on ERANGE; null when there is no such entry. */
    private static Pointer lookup(String user, String what, long entrySize, Lookup l) throws IOException {
        Memory entry = new Memory(entrySize);
        Memory result = new Memory(Native.POINTER_SIZE);
        for (long len = 4096; len <= 1 << 20; len *= 4) {
            Memory buf = new Memory(len);
            result.setPointer(0, null);
            int rc = l.call(entry, buf, len, result);
            if (rc == PrivLibC.ERANGE) {
                continue;
            }
            Pointer found = result.getPointer(0);
            // "Not found" is a null result with 0 or one of these codes, depending on the NSS module.
            if (found == null && (rc == 0 || rc == PrivLibC.ENOENT || rc == PrivLibC.ESRCH
                    || rc == PrivLibC.EBADF || rc == PrivLibC.EPERM)) {
                return null;
            }
            if (rc != 0) {
                throw fail(user, "looking up " + what + " failed: " + PrivLibC.describe(rc));
            }
            // The ids are in the entry itself (only its strings point into buf), so buf may go.
            return found == null ? null : entry;
        }
        throw fail(user, "looking up " + what + " failed: " + PrivLibC.describe(PrivLibC.ERANGE));
    }

    private static int numeric(String s) {
        if (!s.matches("[0-9]{1,10}")) {
            return -1;
        }
        long v = Long.parseLong(s);
        return v < 0xffffffffL ? (int) v : -1;
    }

    /** {effective, permitted, inheritable} of the calling thread. */
    private static long[] capget(String user) throws IOException {
        Memory header = capHeader();
        Memory data = new Memory(24);
        data.clear();
        if (PrivLibC.capget(header, data) != 0) {
            throw fail(user, "capget failed: " + PrivLibC.describe(Native.getLastError()));
        }
        long[] sets = new long[3];
        for (int i = 0; i < 3; i++) {
            sets[i] = (data.getInt(4L * i) & 0xffffffffL) | ((long) data.getInt(12 + 4L * i) << 32);
        }
        return sets;
    }

    /** Sets the calling thread's effective and permitted sets to {@code caps}, inheritable empty. */
    private static void capset(String user, long caps) throws IOException {
        Memory header = capHeader();
        Memory data = new Memory(24);
        // struct __user_cap_data_struct[2]: {effective, permitted, inheritable} for bits 0-31, then 32-63.
        for (int word = 0; word < 2; word++) {
            int bits = (int) (caps >>> (32 * word));
            data.setInt(12L * word, bits);
            data.setInt(12L * word + 4, bits);
            data.setInt(12L * word + 8, 0);
        }
        if (PrivLibC.capset(header, data) != 0) {
            throw fail(user, "capset(0x" + Long.toHexString(caps) + ") failed: " + PrivLibC.describe(Native.getLastError()));
        }
    }

    private static Memory capHeader() {
        Memory header = new Memory(8);
        header.setInt(0, PrivLibC.LINUX_CAPABILITY_VERSION_3);
        header.setInt(4, 0); // pid 0: the calling thread
        return header;
    }

    private static void prctl(String user, String what, int option, long arg) throws IOException {
        if (PrivLibC.prctl(option, arg, 0, 0, 0) != 0) {
            throw fail(user, what + " failed: " + PrivLibC.describe(Native.getLastError()));
        }
    }

    /** The highest capability number this kernel knows. */
    private static int lastCap() {
        // One read with room to spare: sysctl files answer only a read at offset 0 (Files.readString reads 1 byte first).
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
            return Integer.parseInt(new String(in.readNBytes(32), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            int cap = 0;
            while (cap < 63 && PrivLibC.prctl(PrivLibC.PR_CAPBSET_READ, cap + 1, 0, 0, 0) >= 0) {
                cap++;
            }
            return cap;
        }
    }

    private static IOException fail(String user, String reason) {
        return new IOException("cannot drop to user " + user + ": " + reason);
    }

    /**
     * Loads (without initialising) every class under {@code prefix} found in folder entries of the
     * class path, so no class file has to be opened after the drop. Returns how many were loaded;
     * a class that cannot be loaded is skipped (it would fail the same way later).
     */
    public static int preloadClasses(String prefix) {
        int n = 0;
        ClassLoader loader = Privileges.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            java.nio.file.Path root = java.nio.file.Path.of(entry.isEmpty() ? "." : entry);
            java.nio.file.Path dir = root.resolve(prefix);
            if (!java.nio.file.Files.isDirectory(dir)) {
                continue;
            }
            java.util.List<java.nio.file.Path> files;
            try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir)) {
                files = s.filter(f -> f.toString().endsWith(".class")).toList();
            } catch (IOException | java.io.UncheckedIOException e) {
                continue;
            }
            for (java.nio.file.Path f : files) {
                String rel = root.relativize(f).toString();
                String name = rel.substring(0, rel.length() - ".class".length()).replace(java.io.File.separatorChar, '.');
                try {
                    Class.forName(name, false, loader);
                    n++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // not loadable now either
                }
            }
        }
        return n;
    }
}
