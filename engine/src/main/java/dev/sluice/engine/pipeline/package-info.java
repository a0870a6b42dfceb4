/**
 * The data path of one worker, left to right: source, decode, flow, detect, verdict, output.
 * {@link dev.sluice.engine.pipeline.Worker} owns every stage's per-worker state and gives each
 * frame exactly one verdict.
 */
package dev.sluice.engine.pipeline;
