package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;

/**
 * The order of one measurement's runs, in rounds: the candidate alone (one run per round), or
 * alternating with a reference as an {@link AnchorPlan} says. Warm-up and timed phase drive the same
 * rounds, so that the warm-up reaches the steady state of the very pattern that is then timed (a
 * reference that evicts the candidate's weights is part of that state).
 *
 * @param reference     the network it alternates with, or null when the candidate runs alone
 * @param pairsPerRound candidate runs in a full round (the anchor's block; 1 alone)
 */
record RunOrder(Clock clock, Candidate candidate, Candidate reference, int pairsPerRound) {

    static RunOrder alone(Clock clock, Candidate candidate) {
        return new RunOrder(clock, candidate, null, 1);
    }

    static RunOrder anchored(Clock clock, Candidate candidate, Candidate reference, AnchorPlan anchor) {
        return new RunOrder(clock, candidate, reference, anchor.blockRuns());
    }

    boolean anchored() {
        return reference != null;
    }

    /**
     * Runs round {@code round}: {@code pairs} candidate runs, and when anchored as many reference runs,
     * the candidate's block first in even rounds. Each run is timed alone into the arrays' first
     * {@code pairs} entries ({@code referenceNanos} is untouched when not anchored).
     *
     * @return the clock reading at the end of the round
     */
    long round(int round, int pairs, long[] candidateNanos, long[] referenceNanos) {
        if (reference == null) {
            return block(candidate, pairs, candidateNanos);
        }
        if (round % 2 == 0) {
            block(candidate, pairs, candidateNanos);
            return block(reference, pairs, referenceNanos);
        }
        block(reference, pairs, referenceNanos);
        return block(candidate, pairs, candidateNanos);
    }

    private long block(Candidate network, int runs, long[] nanos) {
        long end = 0;
        for (int i = 0; i < runs; i++) {
            long start = clock.nanoTime();
            network.run();
            end = clock.nanoTime();
            nanos[i] = end - start;
        }
        return end;
    }
}
