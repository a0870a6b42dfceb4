package dev.sluice.signatures.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class DropConfEditorTest {
    @TempDir
    Path dir;

    @Test
    void addCreatesTheFileWithCommentAndSid() throws Exception {
        Path f = dir.resolve("drop.conf");
        DropConfEditor.add(f, "2019401", DropConfEditor.FLIP_COMMENT + "2026-12-02");
        assertEquals("# flipped by sluice rules flip on 2026-12-02\n2019401\n", Files.readString(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        DropConfEditor.add(f, "3:7", "# again");
        assertEquals("# flipped by sluice rules flip on 2026-12-02\n2019401\n# again\n3:7\n", Files.readString(f));
    }

    @Test
    void removeTakesTheSidOutOfListsAndDropsItsFlipComment() throws Exception {
        Path f = dir.resolve("drop.conf");
        Files.writeString(f, String.join("\n",
                "# my drops",
                "group:emerging-scan.rules",
                "2000001,2019401 , 2000003 # three of them",
                DropConfEditor.FLIP_COMMENT + "2026-12-01",
                "1:2019401",
                "re:2019401",
                "2:2019401",
                ""));
        assertEquals(2, DropConfEditor.remove(f, 1, 2019401));
        assertEquals(String.join("\n",
                "# my drops",
                "group:emerging-scan.rules",
                "2000001,2000003 # three of them",
                "re:2019401",
                "2:2019401",
                ""), Files.readString(f));
        assertEquals(0, DropConfEditor.remove(f, 1, 2019401));
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }
}
