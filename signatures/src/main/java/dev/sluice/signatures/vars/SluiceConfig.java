package dev.sluice.signatures.vars;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.classify.ClassificationConfig;
import dev.sluice.signatures.classify.ReferenceConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * sluice.yaml: a tree shaped like suricata.yaml, read with dotted paths ({@code stream.midstream},
 * {@code vars.address-groups.HOME_NET}). Any key is accepted; readers take what they know. In a
 * list, a path step is either an index ({@code outputs.0}) or the key of the list entry that holds
 * it ({@code outputs.eve-log.enabled}, as suricata.yaml's outputs list is written). Relative file
 * names in the file resolve against the file's folder. Mutable only through {@link #applySet};
 * loading thread only.
 */
public final class SluiceConfig {
    /** Path of the bundled default configuration. */
    public static final String RESOURCE = "/dev/sluice/signatures/sluice.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode root;
    private final Path baseDir;
    private final String name;
    /** The file's text, to find the line of a key for messages; empty when there is none. */
    private String text = "";
    /** Keys given by {@link #applySet}: their values come from the command line, not the file. */
    private final java.util.Set<String> setKeys = new java.util.HashSet<>();

    private SluiceConfig(ObjectNode root, Path baseDir, String name) {
        this.root = root;
        this.baseDir = baseDir;
        this.name = name;
    }

    /** An empty configuration: every getter returns its default, variables are Suricata's. */
    public static SluiceConfig empty() {
        return new SluiceConfig(JsonNodeFactory.instance.objectNode(), Path.of("").toAbsolutePath(), "(none)");
    }

    /** The bundled default sluice.yaml; relative names resolve against the working folder. */
    public static SluiceConfig defaults() {
        try (InputStream in = SluiceConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "sluice.yaml",
                    Path.of("").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException("bundled sluice.yaml is broken: " + e.getMessage());
        }
    }

    /** Reads a YAML file; a syntax error is reported as "file:line: reason". */
    public static SluiceConfig load(Path file) throws IOException, ConfigException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir == null ? Path.of("").toAbsolutePath() : dir);
    }

    /**
     * Parses YAML text.
     *
     * @param fileName for messages
     * @param baseDir  folder that relative file names resolve against
     */
    public static SluiceConfig parse(String text, String fileName, Path baseDir) throws ConfigException {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(fileName + ":" + yamlErrorLine(e) + ": " + yamlErrorReason(e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return new SluiceConfig(JsonNodeFactory.instance.objectNode(), baseDir, fileName);
        }
        if (!tree.isObject()) {
            throw new ConfigException(fileName + ":1: the top level must be a mapping of keys");
        }
        SluiceConfig c = new SluiceConfig((ObjectNode) tree, baseDir, fileName);
        c.text = text;
        return c;
    }

    private static final java.util.regex.Pattern MARK = java.util.regex.Pattern.compile("line (\\d+), column");

    /** The line of the problem: the YAML parser's last mark, else Jackson's location. */
    private static int yamlErrorLine(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        int line = -1;
        if (m != null) {
            java.util.regex.Matcher mm = MARK.matcher(m);
            while (mm.find()) {
                line = Integer.parseInt(mm.group(1));
            }
        }
        if (line < 0) {
            JsonLocation loc = e.getLocation();
            line = loc == null ? 1 : loc.getLineNr();
        }
        return Math.max(line, 1);
    }

    /** The problem statements of a YAML error on one line, without the quoted snippets and marks. */
    private static String yamlErrorReason(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null || m.isBlank()) {
            return "bad YAML";
        }
        StringBuilder sb = new StringBuilder();
        for (String l : m.split("\n")) {
            if (l.isEmpty() || Character.isWhitespace(l.charAt(0))) {
                continue; // " in 'reader', line ..." and the snippet with its caret
            }
            sb.append(sb.length() == 0 ? "" : "; ").append(l.trim());
        }
        return sb.length() == 0 ? "bad YAML" : sb.toString();
    }

    /**
     * Applies one {@code --set key=value}: a dotted path, created as needed (a scalar in the way is
     * replaced by a mapping). Any key is accepted.
     */
    public void applySet(String assignment) throws ConfigException {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("--set " + assignment + ": expected key=value");
        }
        String key = assignment.substring(0, eq).trim();
        String value = assignment.substring(eq + 1).trim();
        setKeys.add(key);
        String[] steps = key.split("\\.", -1);
        for (String s : steps) {
            if (s.isEmpty()) {
                throw new ConfigException("--set " + assignment + ": empty step in key '" + key + "'");
            }
        }
        JsonNode node = root;
        for (int i = 0; i < steps.length - 1; i++) {
            node = childForWrite(node, steps[i]);
        }
        String last = steps[steps.length - 1];
        if (node instanceof ArrayNode arr && isIndex(last) && Integer.parseInt(last) < arr.size()) {
            arr.set(Integer.parseInt(last), TextNode.valueOf(value));
        } else if (node instanceof ArrayNode arr) {
            ObjectNode holder = holderOf(arr, last);
            if (holder == null) {
                holder = arr.addObject();
            }
            holder.put(last, value);
        } else {
            ((ObjectNode) node).put(last, value);
        }
    }

    /** The container under {@code step}, created (or replacing a scalar) when absent. */
    private static JsonNode childForWrite(JsonNode node, String step) {
        if (node instanceof ArrayNode arr) {
            if (isIndex(step) && Integer.parseInt(step) < arr.size()) {
                JsonNode c = arr.get(Integer.parseInt(step));
                if (c.isContainerNode()) {
                    return c;
                }
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                arr.set(Integer.parseInt(step), o);
                return o;
            }
            ObjectNode holder = holderOf(arr, step);
            if (holder == null) {
                holder = arr.addObject();
            }
            node = holder;
        }
        ObjectNode obj = (ObjectNode) node;
        JsonNode c = obj.get(step);
        if (c == null || !c.isContainerNode()) {
            c = obj.putObject(step);
        }
        return c;
    }

    /** The entry of a list that is a mapping holding {@code key}, or null. */
    private static ObjectNode holderOf(ArrayNode arr, String key) {
        for (JsonNode e : arr) {
            if (e instanceof ObjectNode o && o.has(key)) {
                return o;
            }
        }
        return null;
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The node at a dotted path, or null. */
    public JsonNode node(String dottedPath) {
        JsonNode node = root;
        for (String step : dottedPath.split("\\.", -1)) {
            if (node == null) {
                return null;
            }
            if (node instanceof ArrayNode arr) {
                if (isIndex(step)) {
                    node = arr.get(Integer.parseInt(step));
                } else {
                    ObjectNode holder = holderOf(arr, step);
                    node = holder == null ? null : holder.get(step);
                }
            } else if (node.isObject()) {
                node = node.get(step);
            } else {
                return null;
            }
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    public boolean has(String dottedPath) {
        return node(dottedPath) != null;
    }

    /** The scalar at the path as text, or {@code def} when absent or not a scalar. */
    public String getString(String dottedPath, String def) {
        JsonNode n = node(dottedPath);
        return n == null || n.isContainerNode() ? def : n.asText();
    }

    /**
     * A yes/no value: true, yes, on, 1 / false, no, off, 0 (any case), as Suricata reads them.
     *
     * @throws IllegalArgumentException when the value is something else
     */
    public boolean getBool(String dottedPath, boolean def) {
        String s = getString(dottedPath, null);
        if (s == null) {
            return def;
        }
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1", "y", "enabled":
                return true;
            case "false", "no", "off", "0", "n", "disabled":
                return false;
            default:
                throw new IllegalArgumentException(dottedPath + ": '" + s + "' is not yes/no");
        }
    }

    /**
     * An integer value.
     *
     * @throws IllegalArgumentException when the value is not an integer
     */
    public long getLong(String dottedPath, long def) {
        String s = getString(dottedPath, null);
        if (s == null) {
            return def;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(dottedPath + ": '" + s + "' is not an integer");
        }
    }

    /**
     * A byte size with an optional kb, mb or gb suffix (powers of 1024, any case), as memcaps are
     * written in suricata.yaml.
     *
     * @throws IllegalArgumentException when the value is not a size
     */
    public long getSize(String dottedPath, long def) {
        String s = getString(dottedPath, null);
        if (s == null) {
            return def;
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("kb") || t.endsWith("mb") || t.endsWith("gb")) {
            mult = switch (t.charAt(t.length() - 2)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            t = t.substring(0, t.length() - 2).trim();
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(dottedPath + ": '" + s + "' is not a size");
        }
    }

    /** A list of scalars as text (a single scalar is a list of one); empty when absent. */
    public List<String> getStringList(String dottedPath) {
        JsonNode n = node(dottedPath);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isContainerNode() && !e.isNull()) {
                    out.add(e.asText());
                }
            }
        } else if (!n.isContainerNode()) {
            out.add(n.asText());
        }
        return out;
    }

    /** A file name from the configuration, resolved against the configuration file's folder. */
    public Path resolve(String fileName) {
        Path p = Path.of(fileName);
        return p.isAbsolute() ? p : baseDir.resolve(p);
    }

    /** Folder that relative file names resolve against. */
    public Path baseDir() {
        return baseDir;
    }

    /**
     * Where the value at {@code dottedPath} was given, for a one-line message: {@code --set key} when
     * the command line set it, else {@code file:line} of its key in the YAML file (mappings and list
     * entries of mappings are followed), else the file name.
     */
    public String where(String dottedPath) {
        if (setKeys.contains(dottedPath)) {
            return "--set " + dottedPath;
        }
        if (text.isEmpty()) {
            return name;
        }
        String[] want = dottedPath.split("\\.", -1);
        try (com.fasterxml.jackson.core.JsonParser p = YAML.getFactory().createParser(text)) {
            // One entry per open mapping: the key being read in it (lists add nothing: a list step
            // is matched by the key of its entry, as node() does).
            List<String> keys = new ArrayList<>();
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT -> keys.add("");
                    case END_OBJECT -> keys.remove(keys.size() - 1);
                    case FIELD_NAME -> {
                        keys.set(keys.size() - 1, p.currentName());
                        if (keys.equals(List.of(want))) {
                            return name + ":" + p.currentTokenLocation().getLineNr();
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return name;
        }
        return name;
    }

    /** The file name given when loading, for messages. */
    public String fileName() {
        return name;
    }

    /**
     * Suricata's default variables overridden by {@code vars.address-groups} and
     * {@code vars.port-groups}. A list value is taken as a group ({@code [a,b]}).
     */
    public Variables variables() {
        Variables v = Variables.defaults();
        copyGroup("vars.address-groups", true, v);
        copyGroup("vars.port-groups", false, v);
        return v;
    }

    private void copyGroup(String path, boolean address, Variables v) {
        JsonNode g = node(path);
        if (g == null || !g.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = g.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String value = scalarOrGroup(e.getValue());
            if (value == null) {
                continue;
            }
            if (address) {
                v.setAddress(e.getKey(), value);
            } else {
                v.setPort(e.getKey(), value);
            }
        }
    }

    private static String scalarOrGroup(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (JsonNode e : n) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(e.asText());
            }
            return sb.append(']').toString();
        }
        return n.isContainerNode() ? null : n.asText();
    }

    /** The file named by {@code classification-file}, else the bundled classification.config. */
    public ClassificationConfig classifications() throws IOException {
        String f = getString("classification-file", null);
        return f == null ? ClassificationConfig.defaults() : ClassificationConfig.load(resolve(f));
    }

    /** The file named by {@code reference-config-file}, else the bundled reference.config. */
    public ReferenceConfig references() throws IOException {
        String f = getString("reference-config-file", null);
        return f == null ? ReferenceConfig.defaults() : ReferenceConfig.load(resolve(f));
    }

    /** A fresh load context with this configuration's variables, classifications and references. */
    public LoadContext newLoadContext() throws IOException {
        return new LoadContext(variables(), classifications(), references());
    }

    @Override
    public String toString() {
        return name;
    }
}
