package dev.sluice.signatures;

import dev.sluice.signatures.header.RuleHeader;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FlowbitNames;
import dev.sluice.signatures.match.PacketCondition;
import dev.sluice.signatures.match.PayloadItem;
import dev.sluice.signatures.match.PayloadProgram;
import dev.sluice.signatures.match.PostMatchAction;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable rule under construction that keywords write into, option by option, in rule order.
 * Lives for the parse of one rule only, on the loading thread.
 */
public final class RuleBuilder {
    /** Shared across the rules of one load. */
    public final LoadContext load;

    RuleHeader header;
    public int gid = 1;
    public long sid = -1;
    public int rev = 0;
    public String msg;
    public String classtype;
    public String classDescription;
    /** -1 until set by priority or classtype. */
    public int priority = -1;
    public boolean priorityExplicit;
    public final List<String> references = new ArrayList<>();
    public final Map<String, List<String>> metadata = new LinkedHashMap<>();

    final List<PacketCondition> conditions = new ArrayList<>();
    final List<PostMatchAction> postMatch = new ArrayList<>();
    final List<Integer> flowbitsRead = new ArrayList<>();
    final List<Integer> flowbitsWritten = new ArrayList<>();
    public boolean noalert;
    /** The payload is one packet's (dsize, flow:no_stream, tcp-pkt): never the reassembled stream. */
    public boolean requirePacket;
    /** The payload is the reassembled stream only (flow:only_stream, tcp-stream). */
    public boolean requireStream;
    public ThresholdSpec threshold;

    private final Map<Buffer, List<PayloadItem>> items = new EnumMap<>(Buffer.class);
    private Buffer currentBuffer = Buffer.PAYLOAD;
    private PayloadItem lastItem;
    private final List<PatternCandidate> candidates = new ArrayList<>();
    private final Map<String, Integer> varSlots = new HashMap<>();
    private String inactiveReason;

    final String file;
    final int line;
    final String text;

    public RuleBuilder(LoadContext load, RuleHeader header, String file, int line, String text) {
        this.load = load;
        this.header = header;
        this.file = file;
        this.line = line;
        this.text = text;
    }

    public RuleHeader header() {
        return header;
    }

    // ---- conditions and actions ----

    public void addCondition(PacketCondition c) {
        conditions.add(c);
    }

    public void addPostMatch(PostMatchAction a) {
        postMatch.add(a);
    }

    public void flowbitRead(int bit) {
        flowbitsRead.add(bit);
    }

    public void flowbitWritten(int bit) {
        flowbitsWritten.add(bit);
    }

    // ---- buffers and payload items ----

    /** Switches the buffer that following payload keywords inspect (a sticky buffer keyword). */
    public void setBuffer(Buffer b) {
        currentBuffer = b;
        items.computeIfAbsent(b, k -> new ArrayList<>());
        if (!b.active()) {
            markInactive("waiting for the " + b.waitingFor + " parser (" + b.keyword + ")");
        }
    }

    public Buffer currentBuffer() {
        return currentBuffer;
    }

    public void addItem(PayloadItem item) {
        items.computeIfAbsent(currentBuffer, k -> new ArrayList<>()).add(item);
        lastItem = item;
    }

    /** The last payload item added to any buffer, or null. Modifiers (nocase, depth, ...) act on it. */
    public PayloadItem lastItem() {
        return lastItem;
    }

    /** Replaces the last payload item (modifiers that rebuild an immutable item). */
    public void replaceLastItem(PayloadItem replacement) {
        for (List<PayloadItem> list : items.values()) {
            int i = list.lastIndexOf(lastItem);
            if (i >= 0) {
                list.set(i, replacement);
                lastItem = replacement;
                return;
            }
        }
        throw new IllegalStateException("no payload item to replace");
    }

    /** Moves the last payload item to another buffer (the pre-5 modifiers: http_uri, ...). */
    public void moveLastItem(Buffer to) {
        for (List<PayloadItem> list : items.values()) {
            if (list.remove(lastItem)) {
                items.computeIfAbsent(to, k -> new ArrayList<>()).add(lastItem);
                if (!to.active()) {
                    markInactive("waiting for the " + to.waitingFor + " parser (" + to.keyword + ")");
                }
                for (PatternCandidate c : candidates) {
                    if (c.item == lastItem) {
                        c.buffer = to;
                    }
                }
                return;
            }
        }
    }

    /** Payload items in the current buffer so far (for keywords that look back, like relative checks). */
    public List<PayloadItem> itemsOf(Buffer b) {
        return items.getOrDefault(b, List.of());
    }

    Map<Buffer, PayloadProgram> buildPrograms() {
        Map<Buffer, PayloadProgram> out = new EnumMap<>(Buffer.class);
        items.forEach((b, list) -> {
            if (!list.isEmpty()) {
                out.put(b, new PayloadProgram(list));
            }
        });
        return out;
    }

    // ---- fast pattern ----

    /** A literal a content keyword offers to the prefilter; modifiers update it in place. */
    public static final class PatternCandidate {
        public final PayloadItem item;
        public byte[] bytes;
        public boolean nocase;
        public boolean negated;
        public Buffer buffer;
        /** Chosen by fast_pattern. */
        public boolean explicit;
        /** fast_pattern:offset,length selects a slice. */
        public int sliceOffset = 0;
        public int sliceLength = -1;

        public PatternCandidate(PayloadItem item, byte[] bytes, Buffer buffer) {
            this.item = item;
            this.bytes = bytes;
            this.buffer = buffer;
        }
    }

    public void addCandidate(PatternCandidate c) {
        candidates.add(c);
    }

    /** The most recently registered candidate (the last content keyword of the rule), or null. */
    public PatternCandidate lastAddedCandidate() {
        return candidates.isEmpty() ? null : candidates.get(candidates.size() - 1);
    }

    /** Every candidate so far, in rule order (read-only view). */
    public List<PatternCandidate> candidates() {
        return java.util.Collections.unmodifiableList(candidates);
    }

    /**
     * Replaces a payload item wherever it sits (its buffer's list, the last item, its pattern
     * candidate, which is rebuilt around the new item with the same settings). Modifiers that rebuild
     * an immutable item which is not necessarily the last item use this.
     */
    public void replaceItem(PayloadItem old, PayloadItem replacement) {
        boolean found = false;
        for (List<PayloadItem> list : items.values()) {
            int i = list.indexOf(old);
            if (i >= 0) {
                list.set(i, replacement);
                found = true;
                break;
            }
        }
        if (!found) {
            throw new IllegalStateException("no such payload item");
        }
        if (lastItem == old) {
            lastItem = replacement;
        }
        for (int i = 0; i < candidates.size(); i++) {
            PatternCandidate c = candidates.get(i);
            if (c.item == old) {
                PatternCandidate n = new PatternCandidate(replacement, c.bytes, c.buffer);
                n.nocase = c.nocase;
                n.negated = c.negated;
                n.explicit = c.explicit;
                n.sliceOffset = c.sliceOffset;
                n.sliceLength = c.sliceLength;
                candidates.set(i, n);
            }
        }
    }

    /**
     * Moves a payload item to the end of another buffer's list, keeping the last item as it is (an
     * old-style modifier moving its content and the items anchored to it).
     */
    public void moveItem(PayloadItem item, Buffer to) {
        for (List<PayloadItem> list : items.values()) {
            if (list.remove(item)) {
                items.computeIfAbsent(to, k -> new ArrayList<>()).add(item);
                if (!to.active()) {
                    markInactive("waiting for the " + to.waitingFor + " parser (" + to.keyword + ")");
                }
                for (PatternCandidate c : candidates) {
                    if (c.item == item) {
                        c.buffer = to;
                    }
                }
                return;
            }
        }
    }

    /** The buffer whose list holds this item, or null. */
    public Buffer bufferOf(PayloadItem item) {
        for (Map.Entry<Buffer, List<PayloadItem>> e : items.entrySet()) {
            if (e.getValue().contains(item)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The candidate of the last payload item, or null when it is not a content. */
    public PatternCandidate lastCandidate() {
        for (int i = candidates.size() - 1; i >= 0; i--) {
            if (candidates.get(i).item == lastItem) {
                return candidates.get(i);
            }
        }
        return null;
    }

    /**
     * The prefilter pattern: the explicit fast_pattern if any, else the longest positive content of
     * the packet payload or an application buffer (the engine prefilters each application buffer
     * with its own matcher).
     */
    FastPattern fastPattern() {
        PatternCandidate best = null;
        for (PatternCandidate c : candidates) {
            // the packet payload and the application buffers are prefiltered; header buffers are not
            if (c.negated || (c.buffer != Buffer.PAYLOAD && !c.buffer.appLayer()) || c.bytes.length == 0) {
                continue;
            }
            if (c.explicit) {
                best = c;
                break;
            }
            if (best == null || c.bytes.length > best.bytes.length) {
                best = c;
            }
        }
        if (best == null) {
            return null;
        }
        byte[] b = best.bytes;
        if (best.sliceLength > 0 && best.sliceOffset + best.sliceLength <= b.length) {
            b = java.util.Arrays.copyOfRange(b, best.sliceOffset, best.sliceOffset + best.sliceLength);
        }
        if (best.nocase) {
            b = b.clone();
            for (int i = 0; i < b.length; i++) {
                if (b[i] >= 'A' && b[i] <= 'Z') {
                    b[i] = (byte) (b[i] + 32);
                }
            }
        }
        return new FastPattern(b, best.nocase, best.buffer);
    }

    // ---- variables (byte_extract, byte_math) ----

    /** The slot of a new variable; refuses more than {@link DetectContext#MAX_VARS}. */
    public int defineVar(String name) throws RuleException {
        Integer slot = varSlots.get(name);
        if (slot != null) {
            return slot;
        }
        if (varSlots.size() >= DetectContext.MAX_VARS) {
            throw new RuleException("too many byte_extract/byte_math variables (max " + DetectContext.MAX_VARS + ")");
        }
        varSlots.put(name, varSlots.size());
        return varSlots.size() - 1;
    }

    /** The slot of a defined variable, or -1. */
    public int varSlot(String name) {
        return varSlots.getOrDefault(name, -1);
    }

    // ---- activity ----

    /** Loads the rule but keeps it out of detection; the first reason given wins. */
    public void markInactive(String reason) {
        if (inactiveReason == null) {
            inactiveReason = reason;
        }
    }

    String inactiveReason() {
        if (inactiveReason != null) {
            return inactiveReason;
        }
        if (header.protocol().waitingFor != null) {
            return "waiting for the " + header.protocol().waitingFor + " parser (protocol " + header.protocol().word + ")";
        }
        return null;
    }

    public Rule build() throws RuleException {
        if (sid < 0) {
            throw new RuleException("rule has no sid");
        }
        if (priority < 0) {
            priority = 3;
        }
        return new Rule(this);
    }

    /** Flowbit name registry of this load. */
    public FlowbitNames flowbits() {
        return load.flowbits;
    }
}
