/**
 * Reading the logs Sluice (and Suricata) wrote: {@code sluice review} summarises fast.log or
 * eve.json files (plain or gzip) with filters and top-N tables, {@code sluice report} turns them into
 * one self-contained HTML page with charts and a sortable, filterable table. Owns the parsing of
 * both formats back into {@link dev.sluice.engine.review.LogRecord}s; nothing here runs on the
 * packet path.
 */
package dev.sluice.engine.review;
