package dev.sluice.signatures.keyword.flow;

import dev.sluice.signatures.LoadContext;
import dev.sluice.signatures.Rule;
import dev.sluice.signatures.header.Protocol;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.FakeFlow;
import dev.sluice.signatures.match.FakePacket;
import dev.sluice.signatures.match.HostBits;
import dev.sluice.signatures.match.PacketView;
import dev.sluice.signatures.match.RuleEval;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.sluice.signatures.match.TestRules.load;
import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XbitsTest {
    /** Records calls; a bit is "bit/track" in a set, no addresses or expiry (the engine store has those). */
    static final class FakeStore implements HostBits {
        final Set<String> set = new HashSet<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean isSet(int bit, int track, PacketView p) {
            return set.contains(bit + "/" + track);
        }

        @Override
        public void set(int bit, int track, PacketView p, long expire) {
            calls.add("set " + bit + "/" + track + " " + expire);
            set.add(bit + "/" + track);
        }

        @Override
        public void unset(int bit, int track, PacketView p) {
            calls.add("unset " + bit + "/" + track);
            set.remove(bit + "/" + track);
        }

        @Override
        public void toggle(int bit, int track, PacketView p, long expire) {
            calls.add("toggle " + bit + "/" + track + " " + expire);
            if (!set.remove(bit + "/" + track)) {
                set.add(bit + "/" + track);
            }
        }
    }

    private final LoadContext load = load();
    private final FakeStore store = new FakeStore();

    private Rule r(String options) throws Exception {
        return rule(load, Protocol.TCP, options);
    }

    private boolean fire(Rule rule) {
        DetectContext ctx = new DetectContext();
        ctx.useHostBits(store);
        ctx.reset(FakePacket.tcp("abc"), new FakeFlow());
        if (!RuleEval.matches(rule, ctx)) {
            return false;
        }
        RuleEval.afterMatch(rule, ctx);
        return true;
    }

    @Test
    void parsesEveryCommandAndTracker() throws Exception {
        for (String cmd : new String[] {"set", "unset", "toggle", "isset", "isnotset"}) {
            for (String t : new String[] {"ip_src", "ip_dst", "ip_pair"}) {
                r("xbits:" + cmd + ",b,track " + t + ";");
                r("xbits: " + cmd + " , b , track  " + t + " , expire 60;");
            }
        }
        assertTrue(r("xbits:noalert;").noalert);
        Rule tx = r("xbits:set,b,track tx;");
        assertFalse(tx.active());
    }

    @Test
    void refusesBadXbitsWithOneLineReasons() {
        assertTrue(refusal("xbits:set,b;").contains("needs a name and 'track"));
        assertTrue(refusal("xbits:flip,b,track ip_src;").contains("unknown command 'flip'"));
        assertTrue(refusal("xbits:set,b,ip_src;").contains("expected 'track ip_src|ip_dst|ip_pair'"));
        assertTrue(refusal("xbits:set,b,track ip_both;").contains("unknown tracker 'ip_both'"));
        assertTrue(refusal("xbits:set,b,track ip_src,expire;").contains("expected 'expire <seconds>'"));
        assertTrue(refusal("xbits:set,b,track ip_src,expire 0;").contains("out of range"));
        assertTrue(refusal("xbits:set,b,track ip_src,expire soon;").contains("not a number"));
        assertTrue(refusal("xbits:set,b,track ip_src,expire 5,x;").contains("too many arguments"));
        assertTrue(refusal("xbits:set, ,track ip_src;").contains("bad bit name"));
        assertTrue(refusal("xbits:noalert,b;").contains("takes no name"));
    }

    @Test
    void setRunsAfterTheMatchWithItsExpiry() throws Exception {
        Rule set = r("content:\"abc\"; xbits:set,seen,track ip_pair,expire 60;");
        Rule miss = r("content:\"zzz\"; xbits:set,other,track ip_src;");
        Rule isset = r("xbits:isset,seen,track ip_pair;");
        Rule isnotset = r("xbits:isnotset,seen,track ip_pair;");
        assertFalse(fire(isset));
        assertTrue(fire(isnotset));
        fire(miss);
        assertTrue(store.calls.isEmpty(), "a rule that did not match changes nothing");
        fire(set);
        int seen = load.xbits.idOf("seen");
        assertEquals(List.of("set " + seen + "/" + HostBits.TRACK_PAIR + " 60"), store.calls);
        assertTrue(fire(isset));
        assertFalse(fire(isnotset));
        assertFalse(fire(r("xbits:isset,seen,track ip_src;")), "a host bit is not the pair bit");
    }

    @Test
    void defaultExpiryUnsetAndToggle() throws Exception {
        int b = load.xbits.idOf("b");
        fire(r("xbits:set,b,track ip_dst;"));
        fire(r("xbits:unset,b,track ip_dst;"));
        fire(r("xbits:toggle,b,track ip_src,expire 9;"));
        assertEquals(List.of("set " + b + "/1 30", "unset " + b + "/1", "toggle " + b + "/0 9"), store.calls);
    }

    @Test
    void hostbitsIsTheSameStoreWithHostTracking() throws Exception {
        int b = load.xbits.idOf("bad");
        fire(r("hostbits:set,bad;"));
        fire(r("hostbits:set,bad,dst;"));
        fire(r("hostbits:set,bad,track ip_dst,expire 5;"));
        fire(r("hostbits:unset,bad,src;"));
        assertEquals(List.of("set " + b + "/0 300", "set " + b + "/1 300", "set " + b + "/1 5", "unset " + b + "/0"),
                store.calls);
        assertTrue(fire(r("xbits:isset,bad,track ip_dst;")), "hostbits and xbits ip_dst share bits");
        assertTrue(r("hostbits:noalert;").noalert);
    }

    @Test
    void refusesBadHostbitsWithOneLineReasons() {
        assertTrue(refusal("hostbits:set;").contains("needs a bit name"));
        assertTrue(refusal("hostbits:mark,b;").contains("unknown command 'mark'"));
        assertTrue(refusal("hostbits:set,b,both;").contains("unknown direction 'both'"));
        assertTrue(refusal("hostbits:set,b,src,dst;").contains("unexpected 'dst'"));
        assertTrue(refusal("hostbits:set,b,track ip_pair;").contains("unknown direction"));
        assertTrue(refusal("hostbits:set,b,src,expire -1;").contains("not a number") || refusal("hostbits:set,b,src,expire -1;").contains("out of range"));
        assertTrue(refusal("hostbits:set,b,src,expire 1,x,y;").contains("too many arguments"));
    }

    @Test
    void withoutAStoreNothingIsSet() throws Exception {
        Rule set = r("xbits:set,b,track ip_src;");
        Rule isset = r("xbits:isset,b,track ip_src;");
        DetectContext ctx = new DetectContext();
        ctx.reset(FakePacket.tcp("x"), null);
        assertTrue(RuleEval.matches(set, ctx));
        RuleEval.afterMatch(set, ctx);
        assertFalse(RuleEval.matches(isset, ctx));
    }

    @Test
    void ranksSeparateHostAndPairBits() throws Exception {
        Rule hostWriter = r("xbits:set,b,track ip_src;");
        assertEquals(0, hostWriter.varRank(Rule.VAR_HOSTBITS));
        assertEquals(3, hostWriter.varRank(Rule.VAR_IPPAIRBITS));
        Rule pairReader = r("xbits:isset,b,track ip_pair;");
        assertEquals(2, pairReader.varRank(Rule.VAR_IPPAIRBITS));
        assertEquals(3, pairReader.varRank(Rule.VAR_HOSTBITS));
        assertNull(r("hostbits:isset,b;").inactiveReason);
    }
}
