/**
 * Payload keywords: content and its modifiers (nocase, depth, offset, distance, within, startswith,
 * endswith, fast_pattern, rawbytes), uricontent, pcre (with its PCRE to java.util.regex
 * translation), isdataat, byte_test, byte_jump, byte_extract, byte_math, bsize, urilen,
 * base64_decode/base64_data and absent. They compile to the payload items of
 * {@link dev.sluice.signatures.match}.
 */
package dev.sluice.signatures.keyword.payload;
