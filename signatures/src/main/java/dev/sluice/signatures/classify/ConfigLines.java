package dev.sluice.signatures.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reading of the {@code config <kind>: ...} line files shared by classification and reference. */
final class ConfigLines {
    private ConfigLines() {
    }

    /**
     * The text after {@code config <kind>:} (trimmed), or null when the line is not such a line.
     * Spaces around the words and the colon are allowed; the words are case-insensitive.
     */
    static String body(String line, String kind) {
        String t = line.trim();
        if (!regionStarts(t, 0, "config")) {
            return null;
        }
        int i = skipSpaces(t, 6);
        if (i == 6 || !regionStarts(t, i, kind)) {
            return null;
        }
        i = skipSpaces(t, i + kind.length());
        if (i >= t.length() || t.charAt(i) != ':') {
            return null;
        }
        return t.substring(i + 1).trim();
    }

    private static boolean regionStarts(String t, int at, String word) {
        return t.regionMatches(true, at, word, 0, word.length());
    }

    private static int skipSpaces(String t, int i) {
        while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A bundled resource as text; a missing resource is a packaging bug. */
    static String resource(String name) {
        try (InputStream in = ConfigLines.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isSkipped(String line) {
        String t = line.trim();
        return t.isEmpty() || t.charAt(0) == '#';
    }

    static String[] lines(String text) {
        return text.split("\r?\n|\r", -1);
    }

    /**
     * Feeds every line that is not blank or a comment to {@code parseLine}, which returns why it
     * refused the line or null; refusals are added to {@code problems} as {@code file:line: reason}.
     */
    static void parse(String text, String fileName, java.util.function.Function<String, String> parseLine,
                      java.util.List<String> problems) {
        String[] lines = lines(text);
        for (int i = 0; i < lines.length; i++) {
            if (isSkipped(lines[i])) {
                continue;
            }
            String reason = parseLine.apply(lines[i]);
            if (reason != null) {
                problems.add(fileName + ":" + (i + 1) + ": " + reason);
            }
        }
    }
}
