package dev.sluice.engine.review;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipException;

/** Reads the files a command was given, with its messages: what cannot be opened, what ends early. */
final class LogFiles {
    private LogFiles() {
    }

    /** The one-line error for a file that cannot be read at all, or null when it can. */
    static String unreadable(Path f) {
        if (!Files.exists(f)) {
            return f + ": no such file";
        }
        if (Files.isDirectory(f)) {
            return f + ": is a folder, not a log file";
        }
        if (!Files.isReadable(f)) {
            return f + ": permission denied";
        }
        return null;
    }

    /**
     * Reads every file into {@code sink} in the order given. A file whose data breaks off (a gzip
     * file cut short) keeps what was read before the break and gets a warning line on {@code err}.
     *
     * @return false when a file broke off or could not be opened
     */
    static boolean readAll(LogReader reader, List<Path> files, Consumer<LogRecord> sink, PrintWriter err) {
        boolean complete = true;
        for (Path f : files) {
            try {
                reader.read(f, f.toString(), sink);
            } catch (EOFException | ZipException e) {
                err.println("sluice: warning: " + f + ": compressed data ends early or is damaged; kept what came before");
                complete = false;
            } catch (AccessDeniedException e) {
                err.println("sluice: " + f + ": permission denied");
                complete = false;
            } catch (IOException e) {
                err.println("sluice: " + f + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                complete = false;
            }
        }
        return complete;
    }
}
