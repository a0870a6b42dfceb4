/**
 * Rule keywords: the {@link dev.sluice.signatures.keyword.Keyword} contract, the
 * {@link dev.sluice.signatures.keyword.KeywordTable} that names them all, and parsing helpers. The
 * keywords themselves live in sub-packages by family: meta (descriptive), payload (content and
 * friends), header (packet header tests), flow (flow, flowbits, thresholds) and app (sticky
 * buffers, transforms and application-layer keywords, which park a rule until its parser exists).
 * Keywords whose behaviour is a table row (sticky buffers, legacy content modifiers, transforms,
 * application-layer tests) share one class per family, registered once per name.
 */
package dev.sluice.signatures.keyword;
