package dev.latm.runtime.timing;

import java.time.Duration;
import java.util.Objects;

/**
 * When a warm-up has reached the steady state. After the {@link TimingPlan}'s minimum warm-up (count
 * and time), the harness keeps warming until the run times show no trend, or until {@code budget}.
 *
 * <p>The rule: split the last half of the warm-up into {@code windows}
 * windows of at least {@code windowRuns} runs each; the warm-up is steady when the windows' medians
 * agree within the requested precision, or, where the noise hides a difference that small, within
 * what the noise allows. For a {@link dev.latm.runtime.Candidate#jitCompiled() JIT-compiled}
 * candidate, what the noise allows may be no more than {@code resolution}, and the JVM's compilation
 * time must have grown by at most {@code jitShare} of the last window's wall time (and
 * {@value #JIT_FLOOR_MILLIS} ms): the server's other threads compile too, and the counter ticks in
 * whole milliseconds. A candidate in native code has no JIT phase to hide in the noise, so its warm-up
 * ends once the windows agree (see {@link SteadyState} for the figures).
 *
 * <p>Why these defaults (synthetic series of a 6.5 ms candidate, lognormal noise with 3% outliers,
 * 100-150 seeded trials each; {@code SteadyStateTest} keeps the shapes): the last <em>half</em> makes
 * the span grow with the warm-up, so a slow trend (time constant 120 runs) is caught once the warm-up
 * is a few time constants long, where fixed windows of 10-20 runs ended it with a 13-25% bias; three
 * windows rather than two catch a trend that two windows straddle (two ended the 120-run trend at 25
 * runs, 24% bias); 10 runs per window end a flat series at CV 3% at today's minimum (31 runs, 0.2 s);
 * a 5% resolution keeps the residual bias after a 2x transient under 1% at CV 10% (at 1.0, unbounded,
 * it was 3.4% for a 40-run transient), at the price of a longer warm-up when the noise is high (a
 * JIT-compiled candidate's flat series at CV 5% warms for ~70 runs, at CV 10% ~450; the timed phase
 * needs ~600 runs there anyway). Whatever trend is left is for the stationarity test of the timed
 * runs to find.
 *
 * @param budget     the longest warm-up, >= 0: past it, timing starts even though the series has not
 *                   settled (outcome {@link WarmupOutcome#BUDGET_EXHAUSTED}). The plan's minimum
 *                   warm-up is always honoured, and its {@code max_time} bounds the warm-up too. 0 =
 *                   the minimum only (judged once, at its end)
 * @param windowRuns runs per window at least, >= 2
 * @param windows    windows compared, in [2, {@value #MAX_WINDOWS}]
 * @param resolution the largest difference between window medians the noise may excuse for a
 *                   JIT-compiled candidate, relative to the median, in (0, 1)
 * @param jitShare   JIT compilation time tolerated in the last window, as a share of its wall time,
 *                   in [0, 1)
 */
public record WarmupPolicy(Duration budget, int windowRuns, int windows, double resolution, double jitShare) {

    /** The most windows the rule has a statistical table for. */
    public static final int MAX_WINDOWS = 6;

    /** Compilation time always tolerated per window: the counter's resolution and other threads' work. */
    public static final long JIT_FLOOR_MILLIS = 5;

    /** Up to 10 s, last half in three windows of at least 10 runs, 5% resolution, 2% JIT share. */
    public static final WarmupPolicy DEFAULT = new WarmupPolicy(Duration.ofSeconds(10), 10, 3, 0.05, 0.02);

    /**
     * A budget for a warm-up judged on raw run times, alone (no reference): on a shared host the device's
     * own drift keeps a raw series from looking flat, so {@link #DEFAULT}'s 10 s would mostly be spent
     * waiting out drift rather than warm-up. 3 s covers the java engine's JIT in a fresh JVM several times
     * over (MobileNetV3-Large settled after ~75 runs, ~0.7 s, in issue 15's series); an anchored warm-up
     * judges drift-free ratios and keeps the longer budget.
     */
    public static final Duration ALONE_BUDGET = Duration.ofSeconds(3);

    /**
     * The plan's minimum warm-up and no more (judged once, at its end, so the outcome still says
     * whether it happened to be steady): how latm warmed up before steady-state detection, and what
     * the harness's overloads without a policy keep doing until their callers choose one.
     */
    public static final WarmupPolicy MINIMUM_ONLY = DEFAULT.withBudget(Duration.ZERO);

    public WarmupPolicy {
        Objects.requireNonNull(budget, "warmup_budget must be set");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("warmup_budget must be >= 0 (got " + budget + ")");
        }
        if (windowRuns < 2) {
            throw new IllegalArgumentException("warmup_window_runs must be >= 2 (got " + windowRuns + ")");
        }
        if (windows < 2 || windows > MAX_WINDOWS) {
            throw new IllegalArgumentException("warmup_windows must be in [2, " + MAX_WINDOWS
                    + "] (got " + windows + ")");
        }
        if (!(resolution > 0 && resolution < 1)) {
            throw new IllegalArgumentException("warmup_resolution must be in (0, 1), e.g. 0.05 for 5% (got "
                    + resolution + ")");
        }
        if (!(jitShare >= 0 && jitShare < 1)) {
            throw new IllegalArgumentException("warmup_jit_share must be in [0, 1), e.g. 0.02 for 2% (got "
                    + jitShare + ")");
        }
    }

    /** This policy with another budget; {@link Duration#ZERO} warms up for the plan's minimum only. */
    public WarmupPolicy withBudget(Duration newBudget) {
        return new WarmupPolicy(newBudget, windowRuns, windows, resolution, jitShare);
    }

    /** {@link #budget()} in nanoseconds, saturated at {@code Long.MAX_VALUE}. */
    long budgetNanos() {
        return TimingPlan.saturatedNanos(budget);
    }
}
