package dev.sluice.engine.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * One append-only log file with a line buffer. Lines are encoded into the buffer whole and the
 * buffer goes to the file only in {@link #flush()} or when it is over its limit, so the file always
 * ends at a line boundary (no torn line even if the process dies between writes). Used by the
 * output thread only.
 */
final class LogFile {
    private static final int FLUSH_AT = 64 * 1024;
    private static final Set<StandardOpenOption> OPEN =
            EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    private static final FileAttribute<?> MODE_0640 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"));

    private final Path path;
    private FileChannel channel;
    private byte[] buf = new byte[FLUSH_AT + 4096];
    private int used;

    LogFile(Path path) throws IOException {
        this.path = path;
        this.channel = open(path);
    }

    Path path() {
        return path;
    }

    /** Buffers {@code line} and a newline; writes the buffer out when it has grown past its limit. */
    void appendLine(String line) throws IOException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        int need = used + b.length + 1;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
        System.arraycopy(b, 0, buf, used, b.length);
        used += b.length;
        buf[used++] = '\n';
        if (used >= FLUSH_AT) {
            flush();
        }
    }

    /** Writes every buffered line. On failure the buffered lines are discarded and the error thrown. */
    void flush() throws IOException {
        if (used == 0) {
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, used);
        used = 0;
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
        if (buf.length > 4 * FLUSH_AT) {
            buf = new byte[FLUSH_AT + 4096];    // one huge line must not pin a huge buffer
        }
    }

    /** Flushes, closes and opens the path again (after logrotate moved the file away). */
    void reopen() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
            channel = open(path);
        }
    }

    void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    private static FileChannel open(Path path) throws IOException {
        try {
            return FileChannel.open(path, OPEN, MODE_0640);
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(path, OPEN);    // not a POSIX file system: default mode
        }
    }
}
