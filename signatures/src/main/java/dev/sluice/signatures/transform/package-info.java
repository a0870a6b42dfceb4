/**
 * Buffer transforms (dotprefix, to_lowercase, url_decode, xor, pcrexform, from_base64, to_sha256,
 * ...): one immutable class per transform, parsed from a rule, chained in rule order by
 * {@link dev.sluice.signatures.transform.TransformChain} and run on the worker's
 * {@link dev.sluice.signatures.transform.TransformScratch} before a buffer's payload items inspect
 * the result. Also says how a fast pattern found in a transformed buffer maps back onto the raw
 * bytes the prefilter scans.
 */
package dev.sluice.signatures.transform;
