package dev.sluice.signatures;

import dev.sluice.signatures.header.RuleHeader;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.Content;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FlowbitNames;
import dev.sluice.signatures.match.PacketCondition;
import dev.sluice.signatures.match.PayloadItem;
import dev.sluice.signatures.match.PayloadProgram;
import dev.sluice.signatures.match.PostMatchAction;
import dev.sluice.signatures.match.Transformed;
import dev.sluice.signatures.transform.BufferTransform;
import dev.sluice.signatures.transform.TransformChain;

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
    /** flow: direction, {@link Rule#flowDirection}. */
    public int flowDirection;
    public ThresholdSpec threshold;

    private final Map<Buffer, List<PayloadItem>> items = new EnumMap<>(Buffer.class);
    private Buffer currentBuffer = Buffer.PAYLOAD;
    private PayloadItem lastItem;
    private final List<PatternCandidate> candidates = new ArrayList<>();
    private final Map<String, Integer> varSlots = new HashMap<>();
    private String inactiveReason;
    /** A sticky buffer keyword was given (transforms need one). */
    private boolean stickySelected;
    /** Transforms given since the current sticky buffer keyword, in order. */
    private List<BufferTransform> chain = List.of();
    /** Buffers whose item list currently ends under a non-empty chain. */
    private final java.util.Set<Buffer> chainOpen = java.util.EnumSet.noneOf(Buffer.class);

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

    /** Uses of flowint / host bits / ip-pair bits, per {@code Rule.VAR_*} kind: bit 0 writes, bit 1 reads. */
    final int[] varUse = new int[Rule.VAR_KINDS];

    /** Records that the rule changes ({@code write}) or tests a flowint, host bit or ip-pair bit ({@code Rule.VAR_*}). */
    public void varUsed(int kind, boolean write) {
        varUse[kind] |= write ? 1 : 2;
    }

    // ---- buffers and payload items ----

    /** Switches the buffer that following payload keywords inspect (a sticky buffer keyword). */
    public void setBuffer(Buffer b) {
        currentBuffer = b;
        List<PayloadItem> list = items.computeIfAbsent(b, k -> new ArrayList<>());
        stickySelected = true;
        chain = List.of();
        if (chainOpen.remove(b)) {
            // naming the buffer again starts over from its raw bytes
            list.add(new Transformed(new TransformChain(List.of())));
        }
        if (!b.active()) {
            markInactive("waiting for the " + b.waitingFor + " parser (" + b.keyword + ")");
        }
    }

    public Buffer currentBuffer() {
        return currentBuffer;
    }

    /**
     * Adds a transform to the current sticky buffer: the payload items after it inspect the buffer
     * through every transform given since the buffer keyword, in order.
     */
    public void addTransform(BufferTransform t) throws RuleException {
        if (!stickySelected) {
            throw new RuleException("transform " + t + " must follow a sticky buffer");
        }
        if (chain.size() >= TransformChain.MAX) {
            throw new RuleException("more than " + TransformChain.MAX + " transforms on " + currentBuffer.keyword);
        }
        List<BufferTransform> n = new ArrayList<>(chain);
        n.add(t);
        chain = List.copyOf(n);
        List<PayloadItem> list = items.computeIfAbsent(currentBuffer, k -> new ArrayList<>());
        if (!list.isEmpty() && list.get(list.size() - 1) instanceof Transformed) {
            list.remove(list.size() - 1); // consecutive transforms: one marker with the whole chain
        }
        list.add(new Transformed(new TransformChain(chain)));
        chainOpen.add(currentBuffer);
    }

    public void addItem(PayloadItem item) {
        Buffer to = currentBuffer;
        if (!stickySelected && item.relative() && lastItem != null) {
            // no sticky buffer: a relative keyword follows the previous match into its buffer
            // (uricontent:"a"; isdataat:!1,relative; inspects the URI), as Suricata attaches it
            Buffer at = bufferOf(lastItem);
            if (at != null && at.appLayer()) {
                to = at;
            }
        }
        items.computeIfAbsent(to, k -> new ArrayList<>()).add(item);
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
            if (list.stream().anyMatch(it -> !(it instanceof Transformed))) {
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
        /** The transforms the content's buffer goes through before the content is looked for. */
        public List<BufferTransform> transforms = List.of();

        public PatternCandidate(PayloadItem item, byte[] bytes, Buffer buffer) {
            this.item = item;
            this.bytes = bytes;
            this.buffer = buffer;
        }
    }

    public void addCandidate(PatternCandidate c) {
        c.transforms = chain;
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
                n.transforms = c.transforms;
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
     * with its own matcher). The prefilter scans raw buffers, so a content under transforms offers
     * what must occur in the raw bytes ({@link TransformChain#prefilter}), or nothing.
     */
    FastPattern fastPattern() {
        PatternCandidate best = null;
        TransformChain.Literal bestLit = null;
        for (PatternCandidate c : candidates) {
            // the packet payload and the application buffers are prefiltered; header buffers are not
            if (c.negated || (c.buffer != Buffer.PAYLOAD && !c.buffer.appLayer()) || c.bytes.length == 0) {
                continue;
            }
            byte[] b = c.bytes;
            if (c.sliceLength > 0 && c.sliceOffset + c.sliceLength <= b.length) {
                b = java.util.Arrays.copyOfRange(b, c.sliceOffset, c.sliceOffset + c.sliceLength);
            }
            TransformChain.Literal lit = TransformChain.prefilter(c.transforms, b, c.nocase);
            if (lit == null) {
                continue;
            }
            if (c.explicit) {
                best = c;
                bestLit = lit;
                break;
            }
            if (best == null || lit.bytes().length > bestLit.bytes().length) {
                best = c;
                bestLit = lit;
            }
        }
        if (best == null) {
            return null;
        }
        byte[] b = bestLit.bytes();
        if (bestLit.nocase()) {
            b = b.clone();
            for (int i = 0; i < b.length; i++) {
                if (b[i] >= 'A' && b[i] <= 'Z') {
                    b[i] = (byte) (b[i] + 32);
                }
            }
        }
        return new FastPattern(b, bestLit.nocase(), best.buffer, absoluteEnd(best));
    }

    /**
     * Where the candidate's match must end at the latest, counted from its buffer's start: offset
     * plus depth for an absolute content (startswith is stored as a depth of its length), -1 when it
     * is relative, set by a variable, negated, or under transforms (the bound is then on the
     * transformed bytes).
     */
    private static int absoluteEnd(PatternCandidate c) {
        if (!(c.item instanceof Content k) || k.negated || !c.transforms.isEmpty()
                || k.hasDistance || k.hasWithin || k.offsetVar || k.depthVar) {
            return -1;
        }
        if (k.hasDepth) {
            return (k.hasOffset ? k.offset : 0) + k.depth;
        }
        return -1;
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
