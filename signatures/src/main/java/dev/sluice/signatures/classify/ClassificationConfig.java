package dev.sluice.signatures.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * classification.config: {@code config classification: shortname,Description,priority} lines, the
 * classes a rule's {@code classtype} may name. Comments ({@code #}) and blank lines are skipped; a
 * bad line is reported in {@link #problems()} and skipped, never fatal. A later line for the same
 * name replaces the earlier one. Immutable once loaded.
 */
public final class ClassificationConfig {
    /** Path of the bundled file (Suricata's stock classes plus the ET Open additions). */
    public static final String RESOURCE = "/dev/sluice/signatures/classification.config";

    /** One {@code config classification: shortname,description,priority} line. */
    public record Classification(String name, String description, int priority) { }

    private final Map<String, Classification> byName = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private ClassificationConfig() {
    }

    /** The bundled classification.config. */
    public static ClassificationConfig defaults() {
        return parse(ConfigLines.resource(RESOURCE), "classification.config");
    }

    /** Reads a classification.config file; bad lines end up in {@link #problems()}. */
    public static ClassificationConfig load(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
    }

    /** Parses classification.config text; {@code fileName} is used in problem messages. */
    public static ClassificationConfig parse(String text, String fileName) {
        ClassificationConfig c = new ClassificationConfig();
        ConfigLines.parse(text, fileName, c::parseLine, c.problems);
        return c;
    }

    /** Adds one line; returns why it was refused, or null. */
    private String parseLine(String line) {
        String body = ConfigLines.body(line, "classification");
        if (body == null) {
            return "not a 'config classification: name,description,priority' line";
        }
        int first = body.indexOf(',');
        int last = body.lastIndexOf(',');
        if (first < 0 || first == last) {
            return "expected 'name,description,priority'";
        }
        String name = body.substring(0, first).trim();
        String description = body.substring(first + 1, last).trim();
        String prio = body.substring(last + 1).trim();
        if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '-' || ch == '_')) {
            return "bad classification name '" + name + "'";
        }
        if (description.isEmpty()) {
            return "classification '" + name + "' has no description";
        }
        int priority;
        try {
            priority = Integer.parseInt(prio);
        } catch (NumberFormatException e) {
            return "bad priority '" + prio + "' for classification '" + name + "'";
        }
        if (priority < 0) {
            return "bad priority '" + prio + "' for classification '" + name + "'";
        }
        String key = name.toLowerCase(Locale.ROOT);
        byName.put(key, new Classification(key, description, priority));
        return null;
    }

    /** The classification with this short name (case-insensitive), or null. */
    public Classification get(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every classification, in file order. */
    public Collection<Classification> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** Lines that were skipped, as {@code file:line: reason}. */
    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }
}
