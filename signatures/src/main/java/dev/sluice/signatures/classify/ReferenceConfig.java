package dev.sluice.signatures.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * reference.config: {@code config reference: system url-prefix} lines, the systems a rule's
 * {@code reference:system,id} may name and the URL the id is appended to. Comments and blank lines
 * are skipped; a bad line is reported in {@link #problems()} and skipped. A later line for the same
 * system replaces the earlier one. Immutable once loaded.
 */
public final class ReferenceConfig {
    /** Path of the bundled file. */
    public static final String RESOURCE = "/dev/sluice/signatures/reference.config";

    private final Map<String, String> prefixes = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ReferenceConfig() {
    }

    /** The bundled reference.config. */
    public static ReferenceConfig defaults() {
        return parse(ConfigLines.resource(RESOURCE), "reference.config");
    }

    /** Reads a reference.config file; bad lines end up in {@link #problems()}. */
    public static ReferenceConfig load(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
    }

    /** Parses reference.config text; {@code fileName} is used in problem messages. */
    public static ReferenceConfig parse(String text, String fileName) {
        ReferenceConfig c = new ReferenceConfig();
        ConfigLines.parse(text, fileName, c::parseLine, c.problems);
        return c;
    }

    private String parseLine(String line) {
        String body = ConfigLines.body(line, "reference");
        if (body == null) {
            return "not a 'config reference: system url' line";
        }
        int sp = 0;
        while (sp < body.length() && !Character.isWhitespace(body.charAt(sp))) {
            sp++;
        }
        String system = body.substring(0, sp);
        String url = body.substring(sp).trim();
        if (system.isEmpty() || !system.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '-' || ch == '_')) {
            return "bad reference system '" + system + "'";
        }
        if (url.isEmpty()) {
            return "reference system '" + system + "' has no URL";
        }
        prefixes.put(system.toLowerCase(Locale.ROOT), url);
        return null;
    }

    /** The URL prefix of a reference system (url, cve, ...; case-insensitive), or null. */
    public String prefix(String system) {
        return prefixes.get(system.toLowerCase(Locale.ROOT));
    }

    /** Every system (lower case) to its URL prefix, in file order. */
    public Map<String, String> all() {
        return Collections.unmodifiableMap(prefixes);
    }

    /** Lines that were skipped, as {@code file:line: reason}. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }
}
