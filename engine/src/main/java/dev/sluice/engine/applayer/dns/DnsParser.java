package dev.sluice.engine.applayer.dns;

import dev.sluice.engine.applayer.AppParser;

import java.util.Arrays;

/**
 * One flow's DNS parser. UDP: each datagram is one message. TCP: each direction is a sequence of
 * messages each preceded by its 2-byte length; a message may be split across segments (its bytes are
 * gathered here until complete) and one segment may carry several. Every message becomes one
 * {@link DnsTx} handed to the sink. After a gap the direction stops (message boundaries are lost).
 */
public final class DnsParser implements AppParser {
    /** Transactions of the current packet; reused, grown on demand. */
    private DnsTx[] txs = new DnsTx[2];
    private int txUsed;
    /** Number of the next transaction of the flow. */
    private long nextTxId;
    private final DnsNames reader = new DnsNames();
    private int events;

    // TCP, per direction (0 to server, 1 to client): a partly received message (length prefix included)
    private final byte[][] partial = new byte[2][];
    private final int[] partialLen = new int[2];
    private final boolean[] lost = new boolean[2];

    @Override
    public void onDatagram(boolean toServer, byte[] buf, int off, int len, TxSink out) {
        txUsed = 0;
        message(toServer, buf, off, len, out);
    }

    @Override
    public void onStream(boolean toServer, byte[] buf, int off, int len, TxSink out) {
        txUsed = 0;
        int d = toServer ? 0 : 1;
        if (lost[d]) {
            return;
        }
        int end = off + len;
        int p = off;
        // complete a message begun in an earlier segment
        if (partialLen[d] > 0) {
            byte[] part = partial[d];
            if (partialLen[d] < 2) {
                part[partialLen[d]++] = buf[p++];
                if (p == end) {
                    return;
                }
            }
            int mlen = u16(part, 0);
            if (mlen < DnsHeader.LENGTH) {
                events |= DnsEvents.MALFORMED_DATA;
                lost[d] = true;
                partialLen[d] = 0;
                return;
            }
            int need = 2 + mlen - partialLen[d];
            int take = Math.min(need, end - p);
            ensurePartial(d, partialLen[d] + take);
            System.arraycopy(buf, p, partial[d], partialLen[d], take);
            partialLen[d] += take;
            p += take;
            if (take < need) {
                return;
            }
            message(toServer, partial[d], 2, partialLen[d] - 2, out);
            partialLen[d] = 0;
        }
        // whole messages read in place, the tail kept for later
        while (end - p >= 2) {
            int mlen = u16(buf, p);
            if (mlen < DnsHeader.LENGTH) {
                events |= DnsEvents.MALFORMED_DATA;
                lost[d] = true; // a length that cannot be a message: framing is lost
                return;
            }
            if (end - p - 2 < mlen) {
                break;
            }
            message(toServer, buf, p + 2, mlen, out);
            p += 2 + mlen;
        }
        if (p < end) {
            ensurePartial(d, Math.max(end - p, 2));
            System.arraycopy(buf, p, partial[d], 0, end - p);
            partialLen[d] = end - p;
        }
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        int d = toServer ? 0 : 1;
        events |= DnsEvents.GAP;
        lost[d] = true;
        partialLen[d] = 0;
    }

    @Override
    public int events() {
        return events;
    }

    @Override
    public void close() {
        partial[0] = partial[1] = null;
    }

    private void message(boolean toServer, byte[] buf, int off, int len, TxSink out) {
        if (txUsed == txs.length) {
            txs = Arrays.copyOf(txs, txUsed * 2);
        }
        DnsTx tx = txs[txUsed];
        if (tx == null) {
            tx = new DnsTx();
            txs[txUsed] = tx;
        }
        if (!tx.parse(buf, off, len, reader)) {
            events |= tx.events;
            return;
        }
        txUsed++;
        tx.id = nextTxId++;
        tx.toServer = toServer;
        events |= tx.events;
        out.add(tx);
    }

    private void ensurePartial(int d, int n) {
        byte[] b = partial[d];
        if (b == null || b.length < n) {
            partial[d] = b == null ? new byte[Math.max(n, 512)] : Arrays.copyOf(b, Math.max(n, b.length * 2));
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
