package dev.sluice.engine.applayer.dns;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.engine.decode.IpAddr;
import dev.sluice.signatures.keyword.app.DnsCodes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The {@code dns} object Suricata 8 adds to an alert on a DNS transaction (EVE DNS version 3):
 *
 * <pre>
 * {"version":3,"type":"request","id":N,"flags":"100","rd":true,"opcode":0,"rcode":"NOERROR",
 *  "queries":[{"rrname":"example.com","rrtype":"A"}],
 *  "answers":[{"rrname":"example.com","rrtype":"A","ttl":N,"rdata":"93.184.216.34"}],
 *  "authorities":[...],"additionals":[...]}
 * </pre>
 *
 * Header bits (qr, aa, tc, rd, ra, z) appear only when set; rdata only for the record types whose
 * data is an address, a name or text. Rendered on the worker thread when a rule alerts.
 */
final class DnsEve {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] SECTIONS = {"answers", "authorities", "additionals"};
    /** OPT pseudo-records (EDNS) are not logged as additionals. */
    private static final int TYPE_OPT = 41;

    private DnsEve() {
    }

    static String render(DnsTx tx) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            write(g, tx);
        } catch (IOException x) {
            throw new UncheckedIOException(x);    // a StringWriter does not fail
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, DnsTx tx) throws IOException {
        int f = tx.flags;
        g.writeStartObject();
        g.writeNumberField("version", 3);
        g.writeStringField("type", tx.response() ? "response" : "request");
        g.writeNumberField("tx_id", tx.id);
        g.writeNumberField("id", tx.dnsId());
        g.writeStringField("flags", Integer.toHexString(f));
        bit(g, f, DnsHeader.FLAG_QR, "qr");
        bit(g, f, DnsHeader.FLAG_AA, "aa");
        bit(g, f, DnsHeader.FLAG_TC, "tc");
        bit(g, f, DnsHeader.FLAG_RD, "rd");
        bit(g, f, DnsHeader.FLAG_RA, "ra");
        bit(g, f, DnsHeader.FLAG_Z, "z");
        g.writeNumberField("opcode", tx.opcode());
        g.writeStringField("rcode", DnsCodes.rcodeName(tx.rcode()));
        if (tx.qCount > 0) {
            g.writeArrayFieldStart("queries");
            for (int i = 0; i < tx.qCount; i++) {
                g.writeStartObject();
                g.writeStringField("rrname", text(tx, tx.qName[i]));
                g.writeStringField("rrtype", DnsCodes.typeName(tx.qType[i]));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        for (int s = 0; s < 3; s++) {
            int logged = 0;
            for (int i = 0; i < tx.sectionCount[s]; i++) {
                int r = tx.sectionStart[s] + i;
                if (tx.rType[r] == TYPE_OPT) {
                    continue;
                }
                if (logged++ == 0) {
                    g.writeArrayFieldStart(SECTIONS[s]);
                }
                record(g, tx, r);
            }
            if (logged > 0) {
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static void record(JsonGenerator g, DnsTx tx, int r) throws IOException {
        g.writeStartObject();
        g.writeStringField("rrname", text(tx, tx.rName[r]));
        g.writeStringField("rrtype", DnsCodes.typeName(tx.rType[r]));
        g.writeNumberField("ttl", tx.rTtl[r]);
        String rdata = rdata(tx, r);
        if (rdata != null) {
            g.writeStringField("rdata", rdata);
        }
        g.writeEndObject();
    }

    private static String rdata(DnsTx tx, int r) {
        int off = tx.rDataOff[r];
        int len = tx.rDataLen[r];
        switch (tx.rType[r]) {
            case DnsTx.TYPE_A:
                return len == 4 ? IpAddr.format(tx.msg, off, 4) : null;
            case DnsTx.TYPE_AAAA:
                return len == 16 ? IpAddr.format(tx.msg, off, 6) : null;
            case DnsTx.TYPE_TXT: {
                StringBuilder b = new StringBuilder();
                int p = off;
                while (p < off + len) {
                    int n = Math.min(tx.msg[p] & 0xff, off + len - p - 1);
                    b.append(new String(tx.msg, p + 1, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                    p += 1 + n;
                }
                return b.toString();
            }
            default:
                return tx.rDataName[r] >= 0 ? text(tx, tx.rDataName[r]) : null;
        }
    }

    private static String text(DnsTx tx, int nameIdx) {
        return tx.name(nameIdx);
    }

    private static void bit(JsonGenerator g, int flags, int bit, String name) throws IOException {
        if ((flags & bit) != 0) {
            g.writeBooleanField(name, true);
        }
    }
}
