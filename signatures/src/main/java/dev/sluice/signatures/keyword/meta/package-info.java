/**
 * Rule keywords that describe a rule rather than test packets: msg, sid, rev, gid, classtype,
 * priority, reference, metadata, target, tag, noalert, prefilter, requires.
 */
package dev.sluice.signatures.keyword.meta;
