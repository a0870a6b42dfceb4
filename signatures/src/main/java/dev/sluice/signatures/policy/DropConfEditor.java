package dev.sluice.signatures.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits drop.conf for {@code sluice rules flip}: adds a sid under a comment line, or takes a sid out
 * of the sid lists that name it. Other lines, comments and the order are kept; the file is replaced
 * in one rename, so a loading engine sees the old or the new file, never half of one.
 */
public final class DropConfEditor {
    /** The comment {@link #add} writes above the sid; {@link #remove} removes it with its sid. */
    public static final String FLIP_COMMENT = "# flipped by sluice rules flip on ";

    private DropConfEditor() {
    }

    /** Appends {@code comment} and {@code id} as two lines, creating the file (not its folder) when missing. */
    public static void add(Path file, String id, String comment) throws IOException {
        String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        StringBuilder sb = new StringBuilder(old);
        if (!old.isEmpty() && !old.endsWith("\n")) {
            sb.append('\n');
        }
        sb.append(comment).append('\n').append(id).append('\n');
        write(file, sb.toString());
    }

    /**
     * Removes gid:sid (any rev) from every sid list in the file; a line left empty goes, with the
     * flip comment right above it.
     *
     * @return how many entries were removed (0: file unchanged)
     */
    public static int remove(Path file, int gid, long sid) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        List<String> lines = new ArrayList<>(List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)));
        int removed = 0;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int hash = l.indexOf(" #");
            String spec = hash >= 0 ? l.substring(0, hash).strip() : l;
            String tail = hash >= 0 ? " " + l.substring(hash + 1) : "";
            RuleMatcher m;
            try {
                m = RuleMatcher.parse(spec);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!(m instanceof RuleMatcher.Ids)) {
                continue;
            }
            List<String> keep = new ArrayList<>();
            String[] entries = spec.split(",");
            for (String e : entries) {
                RuleMatcher.Ids one = (RuleMatcher.Ids) RuleMatcher.parse(e);
                long[] id = one.entries().get(0);
                if (id[0] == gid && id[1] == sid) {
                    removed++;
                } else {
                    keep.add(e.strip());
                }
            }
            if (keep.size() == entries.length) {
                continue;
            }
            if (!keep.isEmpty()) {
                lines.set(i, String.join(",", keep) + tail);
                continue;
            }
            lines.remove(i);
            if (i > 0 && lines.get(i - 1).strip().startsWith(FLIP_COMMENT)) {
                lines.remove(--i);
            }
            i--;
        }
        if (removed > 0) {
            write(file, String.join("\n", lines));
        }
        return removed;
    }

    private static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try { // the temp file is private; keep the old file's mode, or the usual rw-r--r--
                Files.setPosixFilePermissions(tmp, Files.exists(file) ? Files.getPosixFilePermissions(file)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: leave the default
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
