/**
 * Property tests of the whole pipeline under damaged traffic: {@link dev.sluice.engine.mutation.MutatedTraffic}
 * makes a deterministic stream of raw IP packets from real captures and built conversations with
 * {@link dev.sluice.engine.mutation.Mutator}'s damage mixed into live flows;
 * {@link dev.sluice.engine.mutation.MutationSource} hands it to a worker as NFQUEUE would.
 */
package dev.sluice.engine.mutation;
