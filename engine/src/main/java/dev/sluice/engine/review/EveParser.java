package dev.sluice.engine.review;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads eve.json lines back: the alert and drop records, with the fields fast.log also has.
 * Every other event type (flow, stats, http, ...) is recognised and skipped.
 */
final class EveParser {
    /** What {@link #parse} returns for a well-formed record of another event type. */
    static final LogRecord OTHER_EVENT = new LogRecord("", 0, 0, LogRecord.Type.ALERT, false, false, 0, 0, 0,
            null, null, 0, "", "", -1, "", -1, "");

    private static final JsonFactory JSON = new JsonFactory();

    private EveParser() {
    }

    /** The record of {@code text}, {@link #OTHER_EVENT}, or null when it is not an eve.json record. */
    static LogRecord parse(String file, long lineNo, String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Fields f = new Fields();
            if (!readObject(p, f) || p.nextToken() != null) {
                return null;
            }
            if (f.eventType == null || f.timestamp == null) {
                return null;
            }
            LogRecord.Type type;
            if ("alert".equals(f.eventType)) {
                type = LogRecord.Type.ALERT;
            } else if ("drop".equals(f.eventType)) {
                type = LogRecord.Type.DROP;
            } else {
                return OTHER_EVENT;
            }
            long t = LogTimes.parseIso(f.timestamp);
            if (t == Long.MIN_VALUE || f.srcIp == null || f.dstIp == null) {
                return null;
            }
            if (type == LogRecord.Type.ALERT && (!f.hasAlert || f.msg == null)) {
                return null;
            }
            boolean blocked = type == LogRecord.Type.DROP || "blocked".equals(f.action);
            boolean isIcmp = "ICMP".equals(f.proto) || "IPv6-ICMP".equals(f.proto);
            int sp = isIcmp ? f.icmpType : f.srcPort;
            int dp = isIcmp ? f.icmpCode : f.dstPort;
            String category = f.category == null || f.category.isEmpty() ? null : f.category;
            return new LogRecord(file, lineNo, t, type, blocked, blocked, f.gid, f.hasAlert ? f.sid : 0, f.rev,
                    f.hasAlert ? f.msg : null, category, f.severity, f.proto == null ? "" : f.proto,
                    f.srcIp, sp, f.dstIp, dp, text);
        } catch (IOException e) {
            return null;    // Jackson's parse errors: not JSON
        }
    }

    /** The fields read from one record; absent numbers stay -1. */
    private static final class Fields {
        String timestamp;
        String eventType;
        String srcIp;
        String dstIp;
        String proto;
        int srcPort = -1;
        int dstPort = -1;
        int icmpType = -1;
        int icmpCode = -1;
        boolean hasAlert;
        String action;
        int gid = 1;
        long sid;
        int rev;
        String msg;
        String category;
        int severity;
    }

    /** Reads the top-level object after its START_OBJECT; false when a known field has the wrong type. */
    private static boolean readObject(JsonParser p, Fields f) throws IOException {
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "timestamp" -> f.timestamp = text(p, v);
                case "event_type" -> f.eventType = text(p, v);
                case "src_ip" -> f.srcIp = text(p, v);
                case "dest_ip" -> f.dstIp = text(p, v);
                case "proto" -> f.proto = v == JsonToken.VALUE_NUMBER_INT ? p.getText() : text(p, v);
                case "src_port" -> f.srcPort = intValue(p, v);
                case "dest_port" -> f.dstPort = intValue(p, v);
                case "icmp_type" -> f.icmpType = intValue(p, v);
                case "icmp_code" -> f.icmpCode = intValue(p, v);
                case "alert" -> {
                    if (v != JsonToken.START_OBJECT) {
                        return false;
                    }
                    f.hasAlert = true;
                    if (!readAlert(p, f)) {
                        return false;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return tok == JsonToken.END_OBJECT;
    }

    private static boolean readAlert(JsonParser p, Fields f) throws IOException {
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "action" -> f.action = text(p, v);
                case "gid" -> f.gid = intValue(p, v);
                case "signature_id" -> {
                    if (v != JsonToken.VALUE_NUMBER_INT) {
                        return false;
                    }
                    f.sid = p.getLongValue();
                }
                case "rev" -> f.rev = intValue(p, v);
                case "signature" -> f.msg = text(p, v);
                case "category" -> f.category = text(p, v);
                case "severity" -> f.severity = intValue(p, v);
                default -> p.skipChildren();
            }
        }
        return tok == JsonToken.END_OBJECT;
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return null;
        }
        return p.getText();
    }

    private static int intValue(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            return -1;
        }
        long n = p.getLongValue();
        return n < Integer.MIN_VALUE || n > Integer.MAX_VALUE ? -1 : (int) n;
    }
}
