package dev.sluice.signatures.keyword.app;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FakeFlow;
import dev.sluice.signatures.match.FakePacket;
import dev.sluice.signatures.match.RuleEval;
import dev.sluice.signatures.match.TxCondition;
import dev.sluice.signatures.match.TxField;
import dev.sluice.signatures.match.TxView;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.sluice.signatures.match.TestRules.load;
import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsKeywordsTest {
    /** A transaction with fixed buffer instances and field values. */
    private record Tx(Map<Buffer, List<String>> buffers, Map<TxField, long[]> fields) implements TxView {
        @Override
        public boolean buffer(Buffer b, int index, DetectContext ctx) {
            List<String> l = buffers.getOrDefault(b, List.of());
            if (index >= l.size()) {
                return false;
            }
            byte[] bytes = l.get(index).getBytes(StandardCharsets.ISO_8859_1);
            ctx.setAppBuffer(bytes, 0, bytes.length);
            return true;
        }

        @Override
        public long field(TxField f, int index) {
            long[] v = fields.getOrDefault(f, new long[0]);
            return index < v.length ? v[index] : -1;
        }
    }

    private static boolean onTx(Rule r, TxView tx) {
        DetectContext ctx = new DetectContext();
        ctx.reset(FakePacket.udp(new byte[] {1, 2, 3}), new FakeFlow());
        ctx.tx = tx;
        return RuleEval.matches(r, ctx);
    }

    private static final Tx QUERY = new Tx(
            Map.of(Buffer.DNS_QUERY, List.of("www.example.com", "mail.evil.org"),
                    Buffer.DNS_QUERIES_RRNAME, List.of("www.example.com", "mail.evil.org")),
            Map.of(TxField.DNS_OPCODE, new long[] {4}, TxField.DNS_RCODE, new long[] {3},
                    TxField.DNS_RRTYPE, new long[] {1, 28}));

    @Test
    void dnsQueryIsActiveAndPrefilteredOnItsBuffer() throws Exception {
        Rule r = rule(load(), Protocol.DNS, "dns.query; content:\"evil\"; nocase;");
        assertTrue(r.active());
        assertEquals(Buffer.DNS_QUERY, r.fastPattern.buffer());
        assertArrayEquals("evil".getBytes(StandardCharsets.US_ASCII), r.fastPattern.bytes());
        Rule old = rule(load(), Protocol.UDP, "dns_query; content:\"evil\";");
        assertTrue(old.active());
        assertTrue(old.programs.containsKey(Buffer.DNS_QUERY));
    }

    @Test
    void dnsHeaderProtocolRunsAndNamesItsApplication() {
        assertNull(Protocol.DNS.waitingFor);
        assertEquals("dns", Protocol.DNS.app);
        assertNull(Protocol.UDP.app);
        assertEquals("http", Protocol.HTTP.app);
    }

    @Test
    void anyInstanceOfTheBufferMayMatch() throws Exception {
        assertTrue(onTx(rule("dns.query; content:\"evil.org\"; endswith;"), QUERY));
        assertTrue(onTx(rule("dns.query; content:\"www.\"; startswith;"), QUERY));
        assertFalse(onTx(rule("dns.query; content:\"www.\"; startswith; content:\"evil\";"), QUERY));
        assertFalse(onTx(rule("dns.answers.rrname; content:\"www\";"), QUERY));
        assertTrue(onTx(rule("dns.queries.rrname; content:\"example\";"), QUERY));
    }

    @Test
    void applicationBuffersNeverMatchABarePacket() throws Exception {
        Rule r = rule("dns.query; content:\"|01 02|\";");
        DetectContext ctx = new DetectContext();
        ctx.reset(FakePacket.udp(new byte[] {1, 2, 3}), new FakeFlow());
        assertFalse(RuleEval.matches(r, ctx));
        assertFalse(RuleEval.matches(rule("dns.opcode:0;"), ctx));
    }

    @Test
    void opcodeRcodeAndRrtypeTestTheTransaction() throws Exception {
        assertTrue(onTx(rule("dns.opcode:4;"), QUERY));
        assertTrue(onTx(rule("dns.opcode:!0;"), QUERY));
        assertFalse(onTx(rule("dns.opcode:0;"), QUERY));
        assertTrue(onTx(rule("dns.rcode:NXDOMAIN;"), QUERY));
        assertFalse(onTx(rule("dns.rcode:!3;"), QUERY));
        assertTrue(onTx(rule("dns.rrtype:AAAA;"), QUERY));
        assertTrue(onTx(rule("dns.rrtype:1;"), QUERY));
        assertFalse(onTx(rule("dns.rrtype:mx;"), QUERY));
        Rule r = rule("dns.rrtype:>20;");
        TxCondition c = (TxCondition) r.conditions[0];
        assertEquals("dns", c.app());
        assertEquals(TxField.DNS_RRTYPE, c.field());
    }

    @Test
    void refusesBadValues() {
        assertTrue(refusal("dns.opcode;").contains("needs a value"));
        assertTrue(refusal("dns.query:1;").length() > 0);
        assertTrue(refusal("dns.rrtype:NOPE;").length() > 0);
    }
}
