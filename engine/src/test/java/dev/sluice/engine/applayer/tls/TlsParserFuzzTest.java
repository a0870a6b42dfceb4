package dev.sluice.engine.applayer.tls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.engine.applayer.AppParserFuzzing;
import dev.sluice.engine.applayer.AppProto;

/**
 * Coverage-guided fuzz target (Jazzer) of the TLS parser (records, handshake messages,
 * certificates), fed both directions; the input layout
 * and the checks on every transaction are {@link AppParserFuzzing}'s. Seeds: {@code
 * TlsParserFuzzTestInputs/} in the test resources.
 */
class TlsParserFuzzTest {
    @FuzzTest
    void anyBytesInEitherDirectionGiveWellFormedTransactions(byte[] input) {
        AppParserFuzzing.run(input, new TlsParser(), AppProto.TLS);
    }
}
