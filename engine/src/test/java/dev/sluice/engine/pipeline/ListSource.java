package dev.sluice.engine.pipeline;

import dev.sluice.capture.Frame;
import dev.sluice.capture.PacketSource;

import java.util.ArrayList;
import java.util.List;

/** Raw IP frames from a list, in order, each with the nfmark it was queued with; ids count from 1. */
public final class ListSource implements PacketSource {
    final List<byte[]> packets = new ArrayList<>();
    final List<Integer> marks = new ArrayList<>();
    private final boolean inline;
    private int n;

    /** An inline source (as NFQUEUE). */
    public ListSource() {
        this(true);
    }

    public ListSource(boolean inline) {
        this.inline = inline;
    }

    /** A source over {@code frames}, without marks. */
    public static ListSource of(List<byte[]> frames, boolean inline) {
        ListSource s = new ListSource(inline);
        for (byte[] p : frames) {
            s.add(p, 0);
        }
        return s;
    }

    public void add(byte[] p, int mark) {
        packets.add(p);
        marks.add(mark);
    }

    @Override
    public boolean next(Frame f) {
        if (n == packets.size()) {
            return false;
        }
        byte[] p = packets.get(n);
        System.arraycopy(p, 0, f.data, 0, p.length);
        f.length = p.length;
        f.wireLength = p.length;
        f.linkType = Frame.LINK_RAW;
        f.mark = marks.get(n);
        f.id = ++n;
        f.tsSeconds = 1_700_000_000L;
        return true;
    }

    @Override
    public boolean inline() {
        return inline;
    }

    @Override
    public void close() {
    }
}
