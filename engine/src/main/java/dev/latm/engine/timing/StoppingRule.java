package dev.latm.engine.timing;

import java.util.Arrays;

/**
 * Decides, between timed runs, whether the median is known precisely enough. Judging needs the samples
 * sorted, so it owns a preallocated scratch buffer and is consulted on a schedule rather than after
 * every run:
 * <ul>
 *   <li>after every run while fewer than {@value #CHECK_EVERY_RUN_BELOW} samples exist: each run still
 *       moves the CI ranks noticeably, and sorting under 100 longs takes about a microsecond;</li>
 *   <li>then whenever the sample count has grown by {@value #CHECK_GROWTH_PERCENT}%: once the
 *       criterion holds steadily, the stop comes at most 5% later than with a check after every run,
 *       and the sorting work summed over the whole measurement is a geometric series, about 20 sorts
 *       of the final sample, i.e. O(log n) comparisons per run instead of O(n log n). A 5000-sample
 *       sort (~0.1 ms) every ~250 runs of a 1 ms network is under 0.1% of the wall time, and none of
 *       it is inside a timed run.</li>
 * </ul>
 * Fewer looks are also better statistics. The relative half-width is not monotone in n: the CI ranks
 * and the median's definition change with n's parity, so near the target it flickers (a 5%-CV
 * scripted series meets 1% at n = 187 and 189, misses it at every other n up to 283 and holds it from
 * 298 on). Checking every run stops on the first such momentary crossing, an optional-stopping bias;
 * sparse checks are far less likely to land on one.
 *
 * <p>Keeping a sorted copy up to date by insertion would allow a check after every run, but costs an
 * O(n) array shift per run that sweeps the caches between runs; the schedule disturbs them rarely.
 */
final class StoppingRule {

    static final int CHECK_EVERY_RUN_BELOW = 100;
    static final int CHECK_GROWTH_PERCENT = 5;

    private final long[] sorted;
    private final int minRuns;
    private final double precision;

    StoppingRule(TimingPlan plan) {
        this.sorted = new long[plan.maxRuns()];
        this.minRuns = plan.minRuns();
        this.precision = plan.precision();
    }

    /** The sample count at which the precision is first judged. */
    int firstCheck() {
        return minRuns;
    }

    /** The sample count of the next judgement after one at {@code n} samples. */
    static int nextCheck(int n) {
        if (n < CHECK_EVERY_RUN_BELOW) {
            return n + 1;
        }
        return n + (int) Math.max(1, ((long) n * CHECK_GROWTH_PERCENT + 99) / 100);
    }

    /** Whether the first {@code n} samples (left unchanged) pin the median down to the precision. */
    boolean precisionReached(long[] samples, int n) {
        System.arraycopy(samples, 0, sorted, 0, n);
        Arrays.sort(sorted, 0, n);
        return LatencyStatistics.relativeHalfWidth(sorted, n) <= precision;
    }
}
