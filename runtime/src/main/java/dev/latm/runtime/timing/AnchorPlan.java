package dev.latm.runtime.timing;

/**
 * How an anchored measurement alternates the candidate (C) with the reference (R): in rounds of
 * {@code blockRuns} runs of each, the order flipping every round, so that neither always goes first:
 * {@code blockRuns = 1} is ABBA (C R, R C, C R, ...), {@code blockRuns = k} is C^k R^k, R^k C^k, ....
 * The i-th candidate run of a round is paired with the i-th reference run of the same round, and the
 * median of those per-pair ratios is the result: one ratio per candidate run whatever k is, so the
 * schemes stop after comparable numbers of runs, and a round's first, cache-cold run is one ratio in k.
 *
 * <p>k = 1 pairs runs that are adjacent in time (best against fast drift) but switches networks every
 * run, so each run may find the other's weights in the caches; larger k switches less often at the
 * cost of pairing runs up to 2k - 1 runs apart. Which is better on a device is an open measurement:
 * the bias against sequential timing on a quiet machine, and the pass-to-pass reproducibility.
 *
 * @param blockRuns runs of each network per round, in [1, {@value #MAX_BLOCK_RUNS}]
 */
public record AnchorPlan(int blockRuns) {

    /** Upper bound of {@code block_runs}: a round's run times are buffered before they are paired. */
    public static final int MAX_BLOCK_RUNS = 1000;

    /** ABBA: one run of each per round. */
    public static final AnchorPlan ABBA = new AnchorPlan(1);

    public AnchorPlan {
        if (blockRuns < 1 || blockRuns > MAX_BLOCK_RUNS) {
            throw new IllegalArgumentException("block_runs must be in [1, " + MAX_BLOCK_RUNS + "] (got "
                    + blockRuns + ")");
        }
    }
}
