package dev.sluice.signatures.keyword.meta;

import dev.sluice.signatures.Rule;
import dev.sluice.signatures.classify.ClassificationConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaKeywordsTest {
    @Test
    void msgIsUnquotedAndUnescaped() throws Exception {
        assertEquals("a \"quoted\"; b\\c", rule("msg:\"a \\\"quoted\\\"\\; b\\\\c\";").msg);
    }

    @Test
    void idsAndPriority() throws Exception {
        Rule r = rule("sid: 2200072; rev:3; gid:1; priority:2;");
        assertEquals(2200072, r.sid);
        assertEquals(3, r.rev);
        assertEquals(1, r.gid);
        assertEquals(2, r.priority);
        assertEquals(3, rule("sid:5;").priority);
        assertTrue(refusal("sid:abc;").contains("not a number"));
        assertTrue(refusal("sid:0;").contains("out of range"));
        assertTrue(refusal("priority:0;").contains("out of range"));
    }

    @Test
    void unknownClasstypeIsRefused() {
        assertEquals("unknown classtype 'no-such-class'", refusal("classtype:no-such-class;"));
    }

    @Test
    void classtypeSetsDescriptionAndPriority() throws Exception {
        ClassificationConfig.Classification c = ClassificationConfig.defaults().get("trojan-activity");
        Assumptions.assumeTrue(c != null, "stock classifications not loaded by ClassificationConfig.defaults()");
        Rule r = rule("classtype:trojan-activity;");
        assertEquals("trojan-activity", r.classtype);
        assertEquals(c.description(), r.classDescription);
        assertEquals(c.priority(), r.priority);
        assertEquals(4, rule("priority:4; classtype:trojan-activity;").priority);
    }

    @Test
    void referencesAndMetadataAreKept() throws Exception {
        Rule r = rule("reference:cve,2014-0160; reference:url,example.com/x; "
                + "metadata:affected_product Any, attack_target Client_Endpoint, created_at 2024_01_01; metadata:former_category MALWARE;");
        assertEquals(List.of("cve,2014-0160", "url,example.com/x"), r.references);
        assertEquals(List.of("Any"), r.metadata.get("affected_product"));
        assertEquals(List.of("MALWARE"), r.metadata.get("former_category"));
        assertEquals(4, r.metadata.size());
    }

    @Test
    void targetTagNoalertPrefilterRequires() throws Exception {
        rule("target:src_ip; tag:session,5,packets; tag:host,300,seconds,src; prefilter; requires:feature geoip;");
        assertTrue(rule("noalert;").noalert);
        assertTrue(refusal("target:both;").contains("src_ip or dest_ip"));
        assertTrue(refusal("tag:session,5;").contains("metric"));
        assertTrue(refusal("tag:flow;").contains("session or host"));
        assertTrue(refusal("noalert:yes;").contains("takes no value"));
    }
}
