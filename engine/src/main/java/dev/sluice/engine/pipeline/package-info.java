/**
 * The data path of one worker, left to right: source, decode, flow, detect, verdict, output.
 * {@link dev.sluice.engine.pipeline.Worker} owns every stage's per-worker state and gives each
 * frame exactly one verdict; where a stage meets its limit (flow table, TCP sessions, reassembly
 * memory, defragmentation, a parser or processing error) it applies that stage's exception policy
 * ({@link dev.sluice.engine.verdict.ExceptionPolicies}) and counts it. For captures read by several
 * workers, {@link dev.sluice.engine.pipeline.FlowDispatch} hashes each frame's address pair to a
 * worker and a {@link dev.sluice.engine.pipeline.FrameRing} per worker hands the frames over.
 */
package dev.sluice.engine.pipeline;
