package dev.sluice.signatures.header;

import dev.sluice.signatures.Action;
import dev.sluice.signatures.RuleException;
import dev.sluice.signatures.vars.Variables;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderParserTest {
    private final Variables vars = Variables.defaults();
    private final HeaderParser parser = new HeaderParser(vars);

    private static byte[] v4(String dotted) {
        String[] p = dotted.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) Integer.parseInt(p[i]);
        }
        return b;
    }

    private static byte[] v6(String text) throws Exception {
        return java.net.InetAddress.getByName(text).getAddress();
    }

    private boolean in(AddressMatcher m, String ip) throws Exception {
        if (ip.indexOf(':') >= 0) {
            byte[] a = v6(ip);
            // at an offset inside a larger buffer, as in a packet
            byte[] frame = new byte[40];
            System.arraycopy(a, 0, frame, 24, 16);
            return m.matches(frame, 24, 6);
        }
        byte[] frame = new byte[20];
        System.arraycopy(v4(ip), 0, frame, 12, 4);
        return m.matches(frame, 12, 4);
    }

    private String refusal(String addressExpr) {
        return assertThrows(RuleException.class, () -> parser.address(addressExpr)).getMessage();
    }

    private String portRefusal(String portExpr) {
        return assertThrows(RuleException.class, () -> parser.ports(portExpr)).getMessage();
    }

    @Test
    void parsesAllSevenParts() throws Exception {
        RuleHeader h = parser.parse("drop tcp $HOME_NET any -> $EXTERNAL_NET [80,443]");
        assertEquals(Action.DROP, h.action());
        assertEquals(Protocol.TCP, h.protocol());
        assertFalse(h.bidirectional());
        assertTrue(in(h.src(), "10.1.2.3"));
        assertFalse(in(h.src(), "8.8.8.8"));
        assertTrue(in(h.dst(), "8.8.8.8"));
        assertFalse(in(h.dst(), "192.168.1.1"));
        assertSame(PortMatcher.ANY, h.srcPorts());
        assertTrue(h.dstPorts().matches(443));
        assertFalse(h.dstPorts().matches(8080));
        assertEquals("$HOME_NET", h.srcText());
        assertEquals("[80,443]", h.dstPortText());
    }

    @Test
    void acceptsBidirectionalArrow() throws Exception {
        assertTrue(parser.parse("pass ip any any <> 2.2.2.2 any").bidirectional());
    }

    @Test
    void refusesLeftArrow() {
        String why = assertThrows(RuleException.class, () -> parser.parse("alert ip any any <- any any")).getMessage();
        assertEquals("direction '<-' is not supported, use '->' or '<>'", why);
    }

    @Test
    void refusesUnknownProtocolAndAction() {
        assertEquals("unknown protocol 'foo'",
                assertThrows(RuleException.class, () -> parser.parse("alert foo any any -> any any")).getMessage());
        assertEquals("unknown action 'log'",
                assertThrows(RuleException.class, () -> parser.parse("log tcp any any -> any any")).getMessage());
    }

    @Test
    void refusesHeaderWithMissingParts() {
        String why = assertThrows(RuleException.class, () -> parser.parse("alert tcp any any ->")).getMessage();
        assertTrue(why.startsWith("rule header needs 7 parts"), why);
    }

    @Test
    void everyActionWordIsAccepted() throws Exception {
        for (Action a : Action.values()) {
            assertEquals(a, parser.parse(a.word + " udp any any -> any any").action());
        }
    }

    @Test
    void toleratesWhitespaceInsideBrackets() throws Exception {
        RuleHeader h = parser.parse("alert tcp [ 1.2.3.4 , 5.6.7.8 ] [80, 81] -> any ! [ 22 ,23 ]");
        assertTrue(in(h.src(), "5.6.7.8"));
        assertTrue(h.srcPorts().matches(81));
        assertFalse(h.dstPorts().matches(23));
        assertTrue(h.dstPorts().matches(24));
    }

    @Test
    void anyIsTheSharedAnyMatcher() throws Exception {
        assertSame(AddressMatcher.ANY, parser.address("any"));
        assertSame(AddressMatcher.ANY, parser.address("[0.0.0.0/0,::/0]"));
        assertSame(PortMatcher.ANY, parser.ports("0:"));
    }

    @Test
    void matchesCidrsAndSingleAddresses() throws Exception {
        AddressMatcher m = parser.address("[10.0.0.0/8,192.168.1.7]");
        assertTrue(in(m, "10.255.255.255"));
        assertTrue(in(m, "10.0.0.0"));
        assertFalse(in(m, "11.0.0.0"));
        assertFalse(in(m, "9.255.255.255"));
        assertTrue(in(m, "192.168.1.7"));
        assertFalse(in(m, "192.168.1.8"));
        assertFalse(in(m, "::1"), "an IPv4-only set has no IPv6 address");
    }

    @Test
    void unsignedComparisonHandlesHighAddresses() throws Exception {
        AddressMatcher m = parser.address("[200.0.0.0/8,255.255.255.255]");
        assertTrue(in(m, "200.1.1.1"));
        assertTrue(in(m, "255.255.255.255"));
        assertFalse(in(m, "100.1.1.1"));
        assertFalse(in(m, "255.255.255.254"));
    }

    @Test
    void hostBitsOfACidrAreMaskedOff() throws Exception {
        AddressMatcher m = parser.address("10.1.2.3/24");
        assertTrue(in(m, "10.1.2.200"));
        assertFalse(in(m, "10.1.3.0"));
    }

    @Test
    void acceptsDottedNetmask() throws Exception {
        AddressMatcher m = parser.address("172.16.0.0/255.240.0.0");
        assertTrue(in(m, "172.31.255.255"));
        assertFalse(in(m, "172.32.0.0"));
        assertTrue(refusal("1.2.3.0/255.0.255.0").startsWith("bad CIDR"));
    }

    @Test
    void matchesIpv6LiteralsAndCidrs() throws Exception {
        AddressMatcher m = parser.address("[2001:db8::/32,fe80::1,::ffff:1.2.3.4]");
        assertTrue(in(m, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertTrue(in(m, "2001:db8::"));
        assertFalse(in(m, "2001:db9::"));
        assertTrue(in(m, "fe80::1"));
        assertFalse(in(m, "fe80::2"));
        assertFalse(in(m, "10.0.0.1"), "an IPv6-only set has no IPv4 address");
        AddressMatcher high = parser.address("ffff::/16");
        assertTrue(in(high, "ffff:1::"));
        assertFalse(in(high, "fffe::"));
    }

    @Test
    void ipv6NegationWithinAPrefix() throws Exception {
        AddressMatcher m = parser.address("[2001:db8::/64,!2001:db8::5]");
        assertTrue(in(m, "2001:db8::4"));
        assertFalse(in(m, "2001:db8::5"));
        assertTrue(in(m, "2001:db8::6"));
    }

    @Test
    void acceptsAddressRanges() throws Exception {
        AddressMatcher m = parser.address("10.0.0.5-10.0.0.9");
        assertTrue(in(m, "10.0.0.5"));
        assertTrue(in(m, "10.0.0.9"));
        assertFalse(in(m, "10.0.0.10"));
        assertTrue(refusal("10.0.0.9-10.0.0.5").startsWith("bad address range"));
    }

    @Test
    void negationOfASingleAddressKeepsEverythingElse() throws Exception {
        AddressMatcher m = parser.address("!1.1.1.1");
        assertFalse(in(m, "1.1.1.1"));
        assertTrue(in(m, "1.1.1.2"));
        assertTrue(in(m, "::1"));
    }

    @Test
    void groupIsUnionOfPositivesMinusNegatives() throws Exception {
        AddressMatcher m = parser.address("[10.0.0.0/24,!10.0.0.5,192.168.0.1]");
        assertTrue(in(m, "10.0.0.4"));
        assertFalse(in(m, "10.0.0.5"));
        assertTrue(in(m, "192.168.0.1"));
        assertFalse(in(m, "8.8.8.8"), "a negated member is subtracted, not added as 'everything but'");
    }

    @Test
    void groupOfOnlyNegationsMeansAnyExcept() throws Exception {
        AddressMatcher m = parser.address("[!1.1.1.1,!2.2.2.0/24]");
        assertFalse(in(m, "1.1.1.1"));
        assertFalse(in(m, "2.2.2.200"));
        assertTrue(in(m, "3.3.3.3"));
    }

    @Test
    void negatedGroupExcludesAllItsMembers() throws Exception {
        AddressMatcher m = parser.address("![1.1.1.1,2.2.2.2]");
        assertFalse(in(m, "1.1.1.1"));
        assertFalse(in(m, "2.2.2.2"));
        assertTrue(in(m, "3.3.3.3"));
    }

    @Test
    void nestedGroupsWithInnerNegation() throws Exception {
        AddressMatcher m = parser.address("[1.1.1.1,[10.0.0.0/8,!10.1.0.0/16],![10.2.0.0/16,10.3.3.3]]");
        assertTrue(in(m, "1.1.1.1"));
        assertTrue(in(m, "10.0.0.1"));
        assertFalse(in(m, "10.1.2.3"));
        assertFalse(in(m, "10.2.2.2"));
        assertFalse(in(m, "10.3.3.3"));
        assertTrue(in(m, "10.3.3.4"));
        assertFalse(in(m, "2.2.2.2"));
    }

    @Test
    void variablesResolveRecursively() throws Exception {
        // EXTERNAL_NET is !$HOME_NET; HTTP_SERVERS is $HOME_NET
        AddressMatcher ext = parser.address("$EXTERNAL_NET");
        assertTrue(in(ext, "8.8.8.8"));
        assertFalse(in(ext, "172.16.5.5"));
        AddressMatcher both = parser.address("[$HOME_NET,$HTTP_SERVERS]");
        assertTrue(in(both, "192.168.9.9"));
        assertFalse(in(both, "8.8.8.8"));
        AddressMatcher doubleNeg = parser.address("!$EXTERNAL_NET");
        assertTrue(in(doubleNeg, "10.0.0.1"));
        assertFalse(in(doubleNeg, "8.8.8.8"));
        AddressMatcher extMinus = parser.address("[$EXTERNAL_NET,!255.255.255.255]");
        assertTrue(in(extMinus, "8.8.8.8"));
        assertFalse(in(extMinus, "255.255.255.255"));
    }

    @Test
    void refusesUndefinedVariable() {
        assertEquals("undefined variable $FOO", refusal("$FOO"));
        assertEquals("undefined variable $FOO", refusal("[1.2.3.4,!$FOO]"));
        assertEquals("undefined variable $NOPE_PORTS", portRefusal("$NOPE_PORTS"));
    }

    @Test
    void refusesSelfReferencingVariable() {
        vars.setAddress("LOOP", "[1.2.3.4,$LOOP]");
        assertTrue(refusal("$LOOP").contains("nested too deeply"), refusal("$LOOP"));
    }

    @Test
    void namesTheVariableWhoseValueIsBad() {
        vars.setAddress("BROKEN", "[10.0.0.0/8,300.1.1.1]");
        assertEquals("in $BROKEN: bad address '300.1.1.1'", refusal("$BROKEN"));
    }

    @Test
    void seesVariableChangesAfterCaching() throws Exception {
        assertTrue(in(parser.address("$HOME_NET"), "10.0.0.1"));
        vars.setAddress("HOME_NET", "1.2.3.4");
        assertFalse(in(parser.address("$HOME_NET"), "10.0.0.1"));
        assertTrue(in(parser.address("$HOME_NET"), "1.2.3.4"));
    }

    @Test
    void refusesBadCidrs() {
        assertEquals("bad CIDR '10.0.0.0/33': prefix length above 32", refusal("10.0.0.0/33"));
        assertEquals("bad CIDR '2001:db8::/129': prefix length above 128", refusal("2001:db8::/129"));
        assertEquals("bad CIDR '10.0.0.0/'", refusal("10.0.0.0/"));
        assertEquals("bad CIDR '10.0.0/8': '10.0.0' is not an IP address", refusal("10.0.0/8"));
    }

    @Test
    void refusesBadAddresses() {
        assertEquals("bad address '1.2.3.256'", refusal("1.2.3.256"));
        assertEquals("bad address 'localhost'", refusal("localhost"));
        assertEquals("bad address '1::2::3'", refusal("1::2::3"));
        assertEquals("bad address '1:2:3:4:5:6:7:8:9'", refusal("1:2:3:4:5:6:7:8:9"));
    }

    @Test
    void refusesEmptyGroups() {
        assertEquals("empty address group in '[]'", refusal("[]"));
        assertEquals("empty port group in '[80,[]]'", portRefusal("[80,[]]"));
    }

    @Test
    void refusesNegationThatExcludesEverything() {
        assertEquals("address '!any' excludes every address", refusal("!any"));
        assertEquals("address '[1.2.3.4,!1.2.3.4]' excludes every address", refusal("[1.2.3.4,!1.2.3.4]"));
        assertEquals("port '!any' excludes every port", portRefusal("!any"));
        assertEquals("port '[!0:1000,!1001:]' excludes every port", portRefusal("[!0:1000,!1001:]"));
    }

    @Test
    void externalNetIsEmptyWhenHomeNetIsAny() {
        vars.setAddress("HOME_NET", "any");
        assertEquals("address '$EXTERNAL_NET' excludes every address", refusal("$EXTERNAL_NET"));
    }

    @Test
    void refusesUnbalancedBrackets() {
        assertTrue(refusal("[1.2.3.4").startsWith("unbalanced brackets"), refusal("[1.2.3.4"));
        assertTrue(refusal("1.2.3.4]").startsWith("unbalanced brackets"), refusal("1.2.3.4]"));
        assertTrue(portRefusal("[80,[81]").startsWith("unbalanced brackets"));
        String why = assertThrows(RuleException.class, () -> parser.parse("alert tcp [1.2.3.4 any -> any any")).getMessage();
        assertEquals("unbalanced brackets in rule header", why);
    }

    @Test
    void commaListWithoutBracketsIsAGroup() throws Exception {
        PortMatcher m = parser.ports("!5800,!445");
        assertTrue(m.matches(80));
        assertFalse(m.matches(5800));
        assertFalse(m.matches(445));
        PortMatcher both = parser.ports("80,443");
        assertTrue(both.matches(443));
        assertFalse(both.matches(8080));
    }

    @Test
    void portRangesAndOpenEnds() throws Exception {
        PortMatcher m = parser.ports("[1024:2048,60000:,:10]");
        assertTrue(m.matches(0));
        assertTrue(m.matches(10));
        assertFalse(m.matches(11));
        assertTrue(m.matches(1024));
        assertTrue(m.matches(2048));
        assertFalse(m.matches(2049));
        assertTrue(m.matches(65535));
        assertFalse(m.matches(59999));
    }

    @Test
    void portGroupMinusNegatedMembers() throws Exception {
        PortMatcher m = parser.ports("[80:100,!99]");
        assertTrue(m.matches(98));
        assertFalse(m.matches(99));
        assertTrue(m.matches(100));
        PortMatcher n = parser.ports("[1:80,![2,4]]");
        assertTrue(n.matches(3));
        assertFalse(n.matches(2));
        assertFalse(n.matches(4));
        assertFalse(n.matches(81));
    }

    @Test
    void portVariablesAndNegation() throws Exception {
        PortMatcher shell = parser.ports("$SHELLCODE_PORTS");
        assertFalse(shell.matches(80));
        assertTrue(shell.matches(81));
        PortMatcher file = parser.ports("$FILE_DATA_PORTS");
        assertTrue(file.matches(80));
        assertTrue(file.matches(143));
        assertFalse(file.matches(25));
    }

    @Test
    void manyPortRangesUseTheSearchPath() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int p = 100; p < 200; p += 2) {
            sb.append(p == 100 ? "" : ",").append(p);
        }
        PortMatcher m = parser.ports(sb.append(']').toString());
        for (int p = 90; p < 210; p++) {
            assertEquals(p >= 100 && p < 200 && p % 2 == 0, m.matches(p), "port " + p);
        }
    }

    @Test
    void refusesBadPorts() {
        assertEquals("port 65536 out of range 0-65535", portRefusal("65536"));
        assertEquals("bad port range '90:80': 90 is above 80", portRefusal("90:80"));
        assertEquals("bad port 'http'", portRefusal("http"));
        assertEquals("bad port range ':'", portRefusal(":"));
    }

    @Test
    void icmpPortsAreIgnored() throws Exception {
        RuleHeader h = parser.parse("alert icmp any 80 -> any 90");
        assertSame(PortMatcher.ANY, h.srcPorts());
        assertSame(PortMatcher.ANY, h.dstPorts());
    }

    @Test
    void ipVersionProtocolsRestrictTheAddresses() throws Exception {
        RuleHeader v6 = parser.parse("alert ipv6 any any -> any any");
        assertTrue(in(v6.src(), "::1"));
        assertFalse(in(v6.src(), "1.2.3.4"));
        assertFalse(in(v6.dst(), "1.2.3.4"));
        RuleHeader v4 = parser.parse("alert ip4 $HOME_NET any -> any any");
        assertTrue(in(v4.src(), "10.0.0.1"));
        assertFalse(in(v4.src(), "8.8.8.8"));
        assertFalse(in(v4.dst(), "2001:db8::1"));
        assertTrue(in(v4.dst(), "8.8.8.8"));
    }

    @Test
    void largeAddressListsMatchEveryMember() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 500; i++) {
            sb.append(i == 0 ? "" : ",").append("100.").append(i / 200).append('.').append(i % 200).append(".7");
        }
        AddressMatcher m = parser.address(sb.append(']').toString());
        for (int i = 0; i < 500; i++) {
            assertTrue(in(m, "100." + i / 200 + "." + i % 200 + ".7"));
            assertFalse(in(m, "100." + i / 200 + "." + i % 200 + ".8"));
        }
    }

    @Test
    void unknownIpVersionNeverMatches() throws Exception {
        assertFalse(parser.address("1.2.3.4").matches(new byte[16], 0, 0));
    }
}
