package dev.sluice.signatures.keyword.payload;

import dev.sluice.signatures.Rule;
import org.junit.jupiter.api.Test;

import static dev.sluice.signatures.match.TestRules.refusal;
import static dev.sluice.signatures.match.TestRules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteKeywordsTest {
    @Test
    void parsesReferenceForms() throws Exception {
        rule("byte_test:2,<,536,0,big,relative;");
        rule("byte_test: 1, =, 0x88, 1, relative;");
        rule("byte_test:4,>,1000,0,string,dec,relative;");
        rule("byte_test:1,!&,0x80,0,bitmask 0xf0;");
        rule("byte_jump:2,0,relative,string,from_end,post_offset -26;");
        rule("byte_jump:4,0,relative,little,multiplier 2,align;");
        rule("byte_extract:1,0,option_len,string,relative;");
        rule("byte_extract:2,0,v,multiplier 4,align 4,little;");
        rule("byte_math:bytes 1, offset 1, oper <<, rvalue 2, result r;");
        rule("byte_math: oper +, bytes 2, result r, rvalue 7, offset 0, relative, endian little, bitmask 0xff00;");
        rule("isdataat:!1,relative; isdataat:10,rawbytes;");
        rule("byte_extract:1,0,n; isdataat:n; byte_test:1,=,n,n; byte_jump:n,n;");
    }

    @Test
    void dceParksTheRule() throws Exception {
        Rule r = rule("byte_test:4,>,1,0,dce;");
        assertEquals("waiting for the dcerpc parser (byte_test dce)", r.inactiveReason);
    }

    @Test
    void refusesBadByteTest() {
        assertTrue(refusal("byte_test:9,=,1,0;").contains("out of range"));
        assertTrue(refusal("byte_test:2,=~,1,0;").contains("invalid operator"));
        assertTrue(refusal("byte_test:2,=,1;").contains("at least"));
        assertTrue(refusal("byte_test:2,=,1,0,hex;").contains("needs 'string'"));
        assertTrue(refusal("byte_test:2,=,1,0,sideways;").contains("unknown option"));
        assertTrue(refusal("byte_test:2,=,nope,0;").contains("unknown variable 'nope'"));
    }

    @Test
    void refusesBadByteJump() {
        assertTrue(refusal("byte_jump:2,0,from_beginning,from_end;").contains("exclude"));
        assertTrue(refusal("byte_jump:2;").contains("needs"));
        assertTrue(refusal("byte_jump:2,0,multiplier 0;").contains("out of range"));
    }

    @Test
    void refusesBadByteExtract() {
        assertTrue(refusal("byte_extract:1,0;").contains("variable name"));
        assertTrue(refusal("byte_extract:1,0,7up;").contains("not a variable name"));
        assertTrue(refusal("byte_extract:2,0,v,string,big;").contains("endianness"));
        assertTrue(refusal("byte_extract:2,0,v,align 3;").contains("align"));
        assertTrue(refusal("byte_extract:9,0,v;").contains("out of range"));
        assertTrue(refusal("byte_extract:2,0,v,dec;").contains("after 'string'"));
    }

    @Test
    void refusesBadByteMath() {
        assertTrue(refusal("byte_math:bytes 1, offset 0, oper +, rvalue 1;").contains("needs bytes"));
        assertTrue(refusal("byte_math:bytes 5, offset 0, oper <<, rvalue 1, result r;").contains("1..4"));
        assertTrue(refusal("byte_math:bytes 1, offset 0, oper %, rvalue 1, result r;").contains("invalid operator"));
        assertTrue(refusal("byte_math:bytes 3, offset 0, oper +, rvalue 1, result r, dce;").contains("1, 2 or 4"));
        assertTrue(refusal("byte_math:bytes 1, offset 0, oper +, rvalue x, result r;").contains("unknown variable"));
    }

    @Test
    void refusesBadIsdataatAndBsize() {
        assertTrue(refusal("isdataat:1,sideways;").contains("unknown option"));
        assertTrue(refusal("isdataat:len;").contains("unknown variable"));
        assertTrue(refusal("bsize:x;").contains("not a number"));
    }

    @Test
    void urilenIsATestOnTheHttpTransaction() throws Exception {
        dev.sluice.signatures.Rule norm = rule("urilen:40<>65;");
        assertTrue(norm.active());
        assertEquals(dev.sluice.signatures.match.TxField.HTTP_URI_LEN,
                ((dev.sluice.signatures.match.TxCondition) norm.conditions[norm.conditions.length - 1]).field());
        dev.sluice.signatures.Rule raw = rule("urilen:>5,raw;");
        assertEquals(dev.sluice.signatures.match.TxField.HTTP_URI_RAW_LEN,
                ((dev.sluice.signatures.match.TxCondition) raw.conditions[raw.conditions.length - 1]).field());
        assertTrue(refusal("urilen:5,odd;").contains("norm or raw"));
    }

    @Test
    void base64KeywordsNeedTheirOrder() {
        assertTrue(refusal("base64_data;").contains("needs a base64_decode"));
        assertTrue(refusal("base64_decode; base64_data; base64_decode;").contains("can't follow"));
        assertTrue(refusal("base64_decode:bytes x;").contains("not a number"));
    }

    @Test
    void tooManyVariablesRefused() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            s.append("byte_extract:1,0,v").append(i).append("; ");
        }
        assertTrue(refusal(s.toString()).contains("too many"));
    }
}
