package dev.latm.runtime.timing;

/** How the warm-up ended (see {@link WarmupPolicy}). */
public enum WarmupOutcome {
    /** The run times (or ratios, when anchored) showed no trend, and the JIT had gone quiet. */
    STEADY,
    /**
     * The warm-up budget (or the plan's {@code max_time}) ran out first: timing started on a series
     * that had not settled, and the stationarity test of the timed runs says whether that mattered.
     */
    BUDGET_EXHAUSTED
}
