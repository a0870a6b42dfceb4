package dev.sluice.signatures.match;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.Protocol;
import org.junit.jupiter.api.Test;

import static dev.sluice.signatures.match.TestRules.load;
import static dev.sluice.signatures.match.TestRules.matches;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleEvalTest {

    @Test
    void tcpHeaderBufferReadsTheTcpHeader() throws Exception {
        // MSS option at byte 20 of a 24-byte TCP header: kind 2, len 4, value 256
        FakePacket p = FakePacket.tcp("x");
        p.l4Length = 24;
        p.data = java.util.Arrays.copyOf(p.data, p.data.length + 4);
        p.l4Bytes(12, 0x60).l4Bytes(20, 0x02, 0x04, 0x01, 0x00);
        assertTrue(matches(rule("tcp.hdr; content:\"|02 04|\"; offset:20; byte_test:2,<,536,0,big,relative;"), p));
        assertFalse(matches(rule("tcp.hdr; content:\"|02 04|\"; offset:20; byte_test:2,>,536,0,big,relative;"), p));
    }

    @Test
    void tcpHeaderBufferAndPayloadBothMustMatch() throws Exception {
        FakePacket p = FakePacket.tcp("GET / HTTP/1.1");
        p.l4Bytes(12, 0x50, 0x18);
        assertTrue(matches(rule("content:\"GET\"; tcp.hdr; content:\"|00 50|\"; offset:2; depth:2; tcp.hdr; content:\"|50 18|\"; distance:8; within:2;"), p));
        assertFalse(matches(rule("content:\"POST\"; tcp.hdr; content:\"|00 50|\"; offset:2; depth:2;"), p));
    }

    @Test
    void headerBufferOfAnotherProtocolDoesNotMatch() throws Exception {
        FakePacket udp = FakePacket.udp(new byte[] {1, 2, 3});
        assertFalse(matches(rule(load(), Protocol.IP, "tcp.hdr; content:\"|00|\";"), udp));
        assertTrue(matches(rule(load(), Protocol.IP, "udp.hdr; isdataat:7;"), udp));
    }

    @Test
    void ipv4HeaderBuffer() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        assertTrue(matches(rule(load(), Protocol.IP, "ipv4.hdr; content:\"|00 00|\"; offset:4; depth:2;"), p));
        p.ipBytes(4, 0x12, 0x34);
        assertFalse(matches(rule(load(), Protocol.IP, "ipv4.hdr; content:\"|00 00|\"; offset:4; depth:2;"), p));
        assertFalse(matches(rule(load(), Protocol.IP, "ipv6.hdr; isdataat:1;"), p));
    }

    @Test
    void byteMathAcrossHeaderBuffers() throws Exception {
        FakePacket p = FakePacket.tcp("x");
        p.l4Bytes(1, 0x88);
        assertTrue(matches(rule("ipv4.hdr; byte_math:bytes 1, offset 1, oper <<, rvalue 2, result r; "
                + "tcp.hdr; byte_test: 1, =, 0x88, 1, relative;"), p));
        // 0 - 0x45 wraps: the protocol byte (6) is below it
        String sub = "ipv4.hdr; byte_extract: 1, 0, e, relative; byte_math: bytes 1, offset 1, oper -, rvalue e, result v;";
        assertTrue(matches(rule(sub + " byte_test: 1, <, v, 9;"), p));
        assertTrue(matches(rule(sub + " byte_test: 1,!=, v, 9;"), p));
        assertTrue(matches(rule("ipv4.hdr; byte_extract: 1, 0, e, relative; byte_math: bytes 1, offset 0, oper -, rvalue e, result v;"
                + " byte_test: 1,>, v, 0;"), p));
    }

    @Test
    void postMatchActionsSetFlowbitsThatConditionsRead() throws Exception {
        dev.sluice.signatures.LoadContext load = load();
        Rule set = rule(load, Protocol.TCP, "flowbits:set,seen; content:\"a\";");
        Rule test = rule(load, Protocol.TCP, "flowbits:isset,seen; sid:2;");
        FakeFlow f = new FakeFlow();
        DetectContext ctx = new DetectContext();
        ctx.reset(FakePacket.tcp("a"), f);
        assertFalse(RuleEval.matches(test, ctx));
        assertTrue(RuleEval.matches(set, ctx));
        RuleEval.afterMatch(set, ctx);
        assertTrue(RuleEval.matches(test, ctx));
    }
}
