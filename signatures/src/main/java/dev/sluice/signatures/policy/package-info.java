/**
 * Rule policy files in suricata-update's formats, applied while rules load:
 * {@link dev.sluice.signatures.policy.RulePolicy} reads enable.conf, disable.conf, drop.conf and
 * modify.conf (named by sluice.yaml's {@code rule-policy} keys) and decides, for each rule's raw
 * text, whether it loads and with what text; {@link dev.sluice.signatures.policy.RuleMatcher} is one
 * matcher line ({@code sid}, {@code gid:sid}, {@code re:}, {@code group:}, {@code filename:},
 * {@code metadata:}, {@code *}); {@link dev.sluice.signatures.policy.ModifyFilter} is one modify.conf
 * line; {@link dev.sluice.signatures.policy.DropConfEditor} adds and removes sids in drop.conf for
 * {@code sluice rules flip}.
 */
package dev.sluice.signatures.policy;
