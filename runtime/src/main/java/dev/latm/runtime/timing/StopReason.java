package dev.latm.runtime.timing;

/** What ended the timed phase. */
public enum StopReason {
    /** The 95% CI of the median became narrower than the plan's precision (after at least min_runs). */
    PRECISION_REACHED,
    /** The plan's max_runs were taken before the precision was reached. */
    MAX_RUNS,
    /** The timed phase used up the plan's max_time before the precision was reached. */
    MAX_TIME
}
