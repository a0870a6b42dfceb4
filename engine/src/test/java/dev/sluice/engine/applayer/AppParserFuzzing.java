package dev.sluice.engine.applayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.signatures.match.Buffer;
import dev.sluice.signatures.match.DetectContext;
import dev.sluice.signatures.match.TxField;
import java.util.Arrays;

/**
 * Drives one {@link AppParser} with a fuzz input and checks every transaction it hands out; shared
 * by the HTTP, DNS and TLS fuzz targets.
 *
 * <p>Input: a mode byte, then the messages, separated by the four bytes {@code FF 00 FF 00}, each
 * travelling the other way from the one before. Mode bits 0-4: bytes per {@code onStream} call (0:
 * a message at once); bit 5: messages are datagrams ({@code onDatagram}); bit 6: the first message
 * goes to the client; bit 7: a gap of 100 bytes is announced before the second message. Both
 * directions end with {@code onEof}. So a seed is the mode byte followed by a real request and,
 * after the separator, its response.
 *
 * <p>Checked for every transaction, when it is handed out (parsers reuse them): its protocol, that
 * each buffer instance lies inside its array, that integer fields are a value or -1 (dates may be
 * negative), and that its EVE object, if any, is a JSON object.
 */
public final class AppParserFuzzing {
    private static final byte[] SEPARATOR = {(byte) 0xFF, 0, (byte) 0xFF, 0};
    /** Buffer instances looked at per buffer kind. */
    private static final int MAX_INSTANCES = 32;
    private static final int MAX_FIELD_VALUES = 8;
    private static final int GAP_BYTES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppParserFuzzing() {}

    /** Feeds {@code input} to {@code parser}, which must only produce {@code proto} transactions. */
    public static void run(byte[] input, AppParser parser, AppProto proto) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xff;
        int chunk = mode & 31;
        boolean datagrams = (mode & 32) != 0;
        boolean toServer = (mode & 64) == 0;
        boolean gap = (mode & 128) != 0;
        Checker sink = new Checker(proto);

        int pos = 1;
        int message = 0;
        while (pos <= input.length) {
            int end = indexOf(input, SEPARATOR, pos);
            if (end < 0) {
                end = input.length;
            }
            if (message == 1 && gap) {
                parser.onGap(toServer, GAP_BYTES);
            }
            if (datagrams) {
                parser.onDatagram(toServer, input, pos, end - pos, sink);
            } else {
                for (int p = pos; p < end; ) {
                    int n = chunk == 0 ? end - p : Math.min(chunk, end - p);
                    // a copy the size of the call, so a parser reading past its slice fails loudly
                    byte[] part = Arrays.copyOfRange(input, p, p + n);
                    parser.onStream(toServer, part, 0, n, sink);
                    p += n;
                }
            }
            message++;
            toServer = !toServer;
            pos = end + SEPARATOR.length;
        }
        parser.onEof(true, sink);
        parser.onEof(false, sink);
        parser.events();
        parser.close();
    }

    private static int indexOf(byte[] b, byte[] what, int from) {
        outer:
        for (int i = from; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Checks each transaction as it is handed out. */
    private static final class Checker implements AppParser.TxSink {
        private final AppProto proto;
        private final DetectContext ctx = new DetectContext();

        Checker(AppProto proto) {
            this.proto = proto;
        }

        @Override
        public void add(AppTx tx) {
            assertEquals(proto, tx.proto(), "transaction of another protocol");
            assertTrue(tx.id >= 0, "transaction id " + tx.id);
            for (Buffer b : Buffer.values()) {
                for (int i = 0; i < MAX_INSTANCES && tx.buffer(b, i, ctx); i++) {
                    assertTrue(ctx.appBuf != null && ctx.appOff >= 0 && ctx.appLen >= 0
                                    && ctx.appOff + ctx.appLen <= ctx.appBuf.length,
                            b + "[" + i + "] outside its array: " + ctx.appOff + "+" + ctx.appLen);
                }
            }
            for (TxField f : TxField.values()) {
                for (int i = 0; i < MAX_FIELD_VALUES; i++) {
                    long v = tx.field(f, i);
                    // certificate dates are epoch seconds: before 1970 they are negative
                    assertTrue(v >= -1 || f == TxField.TLS_CERT_NOTBEFORE || f == TxField.TLS_CERT_NOTAFTER,
                            f + "[" + i + "] = " + v);
                    if (v == -1) {
                        break;
                    }
                }
            }
            String eve = tx.eveObject();
            if (eve != null) {
                try {
                    JsonNode node = JSON.readTree(eve);
                    assertTrue(node != null && node.isObject(), "EVE object is not a JSON object: " + eve);
                } catch (JsonProcessingException e) {
                    fail("EVE object is not valid JSON (" + e.getOriginalMessage() + "): " + eve);
                }
            }
        }
    }
}
