package dev.latm.runtime.timing;

/**
 * How many built candidates an {@link InterleavedRunner} times side by side.
 *
 * @param window    candidates in the window at most (the reference not counted), >= 1; 1 measures one
 *                  candidate at a time
 * @param costLimit the most the window's candidates may cost together, in the unit of
 *                  {@link InterleavedJob#cost()} (e.g. weight plus activation bytes), >= 0. A candidate
 *                  that costs more than this alone is measured alone, so that nothing waits forever
 */
public record InterleavePlan(int window, long costLimit) {

    /** One candidate at a time. */
    public static final InterleavePlan ONE_AT_A_TIME = new InterleavePlan(1, Long.MAX_VALUE);

    public InterleavePlan {
        if (window < 1) {
            throw new IllegalArgumentException("interleave must be >= 1 (got " + window + ")");
        }
        if (costLimit < 0) {
            throw new IllegalArgumentException("interleave_cost_limit must be >= 0 (got " + costLimit + ")");
        }
    }
}
