package dev.sluice.engine.applayer.http;

import java.util.Map;

/**
 * Limits of the HTTP parser. Body limits are Suricata's
 * {@code app-layer.protocols.http.libhtp.default-config.request-body-limit} and
 * {@code response-body-limit} (bytes kept per body for inspection, after dechunking and
 * decompression); the rest bound what one message may make the parser hold.
 *
 * @param requestBodyLimit  bytes of a request body kept for http.request_body
 * @param responseBodyLimit bytes of a response body kept for http.response_body / file.data
 * @param maxLine           longest start or header line kept (longer: {@link HttpEvents#LINE_TOO_LONG})
 * @param maxHead           largest header block kept (larger: {@link HttpEvents#HEADERS_TOO_LONG})
 * @param maxHeaders        headers kept per message
 * @param inflateRatio      a compressed body may grow at most this many times its compressed size
 */
public record HttpConfig(int requestBodyLimit, int responseBodyLimit, int maxLine, int maxHead, int maxHeaders,
                         int inflateRatio) {
    private static final String PREFIX = "app-layer.protocols.http.libhtp.default-config.";

    /** Suricata's defaults: 100 KiB bodies; 18,000-byte lines as libhtp's field limit. */
    public static final HttpConfig DEFAULTS = new HttpConfig(100 * 1024, 100 * 1024, 18000, 64 * 1024, 256, 2048);

    /**
     * The defaults with the body limits of a settings map (sluice.yaml / --set keys); sizes take
     * Suricata's suffixes (kb, mb). Unknown or bad values keep the default.
     */
    public static HttpConfig from(Map<String, String> settings) {
        return from(settings::get);
    }

    /** As {@link #from(Map)}, reading values through {@code lookup} (null when a key is not set). */
    public static HttpConfig from(java.util.function.Function<String, String> lookup) {
        int req = size(lookup.apply(PREFIX + "request-body-limit"), DEFAULTS.requestBodyLimit);
        int res = size(lookup.apply(PREFIX + "response-body-limit"), DEFAULTS.responseBodyLimit);
        return new HttpConfig(req, res, DEFAULTS.maxLine, DEFAULTS.maxHead, DEFAULTS.maxHeaders, DEFAULTS.inflateRatio);
    }

    static int size(String v, int dflt) {
        if (v == null) {
            return dflt;
        }
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        long mul = 1;
        if (s.endsWith("kb") || s.endsWith("kib")) {
            mul = 1024;
        } else if (s.endsWith("mb") || s.endsWith("mib")) {
            mul = 1024 * 1024;
        }
        s = s.replaceAll("[a-z]+$", "").trim();
        try {
            long n = Long.parseLong(s) * mul;
            return n < 0 ? dflt : (int) Math.min(n, Integer.MAX_VALUE - 16);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
