package dev.sluice.engine.mutation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An endless, deterministic stream of raw IP packets: a few conversations at a time (real
 * captures, and ones built by {@link BuiltConversations}) play interleaved, and into each,
 * damaged copies of its own packets are mixed, so that they land in live flows whose stream and
 * app-layer state has built up. Conversations are also reordered, thinned and repeated. Each
 * replay of a capture moves its addresses (the last byte, the same way on both sides) so replays
 * start flows of their own. The same seed and seeds give the same packets.
 */
public final class MutatedTraffic {
    /** Conversations playing at once. */
    static final int LANES = 6;

    private final Random r;
    private final List<List<byte[]>> captures;
    private final BuiltConversations built;
    public final Mutator mutator = new Mutator();
    private final Lane[] lanes = new Lane[LANES];
    private int replays;
    /** Packets handed out, and how many of them were damaged copies. */
    public long packets;
    public long mutated;

    public MutatedTraffic(long seed, List<List<byte[]>> captures) {
        this.r = new Random(seed);
        this.captures = captures;
        this.built = new BuiltConversations(r);
    }

    /** Whether the last packet handed out was a damaged copy. */
    public boolean lastMutated;

    public byte[] next() {
        int i = r.nextInt(LANES);
        Lane lane = lanes[i];
        if (lane == null || lane.done()) {
            lane = newLane();
            lanes[i] = lane;
        }
        byte[] p = lane.next();
        packets++;
        if (lastMutated) {
            mutated++;
        }
        return p;
    }

    private Lane newLane() {
        replays++;
        if (!captures.isEmpty() && r.nextInt(5) < 3) {
            List<byte[]> c = captures.get(r.nextInt(captures.size()));
            int from = 0;
            if (c.size() > 100 && r.nextInt(3) == 0) {
                from = r.nextInt(c.size() - 50); // midstream: flows the engine picks up in the middle
            }
            int to = Math.min(c.size(), from + 50 + r.nextInt(400));
            return new Lane(new ArrayList<>(c.subList(from, to)), (byte) (replays & 0xff));
        }
        return new Lane(built.next(), (byte) 0);
    }

    /** One conversation playing, with its damaged copies mixed in. */
    private final class Lane {
        final List<byte[]> packets;
        final byte shift;
        int pos;
        byte[] previous;

        Lane(List<byte[]> packets, byte shift) {
            this.packets = packets;
            this.shift = shift;
        }

        boolean done() {
            return pos >= packets.size();
        }

        byte[] next() {
            int roll = r.nextInt(100);
            lastMutated = false;
            if (roll < 45) {
                // A damaged copy of the packet before, the one to come, or one of any conversation.
                byte[] base = roll < 25 && previous != null ? previous
                        : roll < 42 || captures.isEmpty() ? moved(packets.get(pos))
                        : pick();
                lastMutated = true;
                byte[] m = mutator.mutate(base, r);
                if (r.nextInt(5) != 0) {
                    RawPackets.fixChecksums(m, m.length); // through the kernel's IPv4 header check
                }
                return m;
            }
            if (roll < 48 && pos + 1 < packets.size()) {
                java.util.Collections.swap(packets, pos, pos + 1); // reordered (fragments, segments)
            } else if (roll < 50 && pos + 1 < packets.size()) {
                pos++; // lost on the way
            } else if (roll < 52 && previous != null) {
                return previous.clone(); // duplicated
            }
            previous = moved(packets.get(pos++));
            return previous.clone();
        }

        private byte[] pick() {
            List<byte[]> c = captures.get(r.nextInt(captures.size()));
            return c.get(r.nextInt(c.size()));
        }

        /** The packet with the last byte of both addresses moved by this replay's shift. */
        private byte[] moved(byte[] p) {
            byte[] m = p.clone();
            if (shift == 0 || m.length < 20) {
                return m;
            }
            int v = (m[0] & 0xff) >>> 4;
            if (v == 4) {
                m[15] ^= shift;
                m[19] ^= shift;
                RawPackets.fixIpChecksum(m, m.length);
            } else if (v == 6 && m.length >= 40) {
                m[23] ^= shift;
                m[39] ^= shift;
            }
            return m;
        }
    }
}
