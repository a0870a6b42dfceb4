package dev.sluice.engine.applayer.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.engine.applayer.AppParserFuzzing;
import dev.sluice.engine.applayer.AppProto;

/**
 * Coverage-guided fuzz target (Jazzer) of the HTTP/1.x parser (requests, responses, chunked and
 * compressed bodies), fed both directions; the input layout
 * and the checks on every transaction are {@link AppParserFuzzing}'s. Seeds: {@code
 * HttpParserFuzzTestInputs/} in the test resources.
 */
class HttpParserFuzzTest {
    @FuzzTest
    void anyBytesInEitherDirectionGiveWellFormedTransactions(byte[] input) {
        AppParserFuzzing.run(input, new HttpParser(), AppProto.HTTP1);
    }
}
