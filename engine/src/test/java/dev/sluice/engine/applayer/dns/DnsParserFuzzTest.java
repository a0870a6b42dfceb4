package dev.sluice.engine.applayer.dns;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.engine.applayer.AppParserFuzzing;
import dev.sluice.engine.applayer.AppProto;

/**
 * Coverage-guided fuzz target (Jazzer) of the DNS parser (UDP datagrams and length-prefixed TCP
 * streams), fed both directions; the input layout
 * and the checks on every transaction are {@link AppParserFuzzing}'s. Seeds: {@code
 * DnsParserFuzzTestInputs/} in the test resources.
 */
class DnsParserFuzzTest {
    @FuzzTest
    void anyBytesInEitherDirectionGiveWellFormedTransactions(byte[] input) {
        AppParserFuzzing.run(input, new DnsParser(), AppProto.DNS);
    }
}
