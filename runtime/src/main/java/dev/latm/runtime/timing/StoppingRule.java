package dev.latm.runtime.timing;

import java.util.Arrays;

/**
 * Decides, between timed runs, whether the median is known precisely enough. Judging needs the samples
 * in order, so it keeps a sorted copy in preallocated buffers and is consulted on a schedule rather
 * than after every run:
 * <ul>
 *   <li>after every run while fewer than {@value #CHECK_EVERY_RUN_BELOW} samples exist: each run still
 *       moves the CI ranks noticeably, and ordering under 100 values takes about a microsecond;</li>
 *   <li>then whenever the sample count has grown by {@value #CHECK_GROWTH_PERCENT}%: once the
 *       criterion holds steadily, the stop comes at most 5% later than with a check after every run,
 *       and there are only ~20 checks per tenfold growth of the sample.</li>
 * </ul>
 * A check sorts only the samples added since the previous one and merges them into the sorted copy:
 * O(n) per check instead of O(n log n), so the work summed over a measurement is about 20 passes over
 * the final sample (measured over 100k runs of a 0.5 us candidate: ~20 ns of wall time per run,
 * against ~600 ns with a full sort per check; see bench/TimingOverhead.java). None of it is inside a
 * timed run.
 *
 * <p>Fewer looks are also better statistics. The relative half-width is not monotone in n: the CI
 * ranks and the median's definition change with n's parity, so near the target it flickers (a 5%-CV
 * scripted series meets 1% at n = 187 and 189, misses it at every other n up to 283 and holds it from
 * 298 on). Checking every run stops on the first such momentary crossing, an optional-stopping bias;
 * sparse checks are far less likely to land on one.
 *
 * <p>The samples are doubles: run times in nanoseconds (exact up to 2^53 ns, 104 days), or the
 * candidate/reference ratios of an anchored measurement, whose median is then what must be precise.
 *
 * <p>Keeping the sorted copy up to date by insertion after every run would cost an O(n) array shift
 * per run that sweeps the caches between runs; the schedule disturbs them rarely.
 */
final class StoppingRule {

    static final int CHECK_EVERY_RUN_BELOW = 100;
    static final int CHECK_GROWTH_PERCENT = 5;

    private final double[] sorted;
    /** Samples added since the last check, sorted before the merge. Never more than half of n. */
    private final double[] batch;
    private final int minRuns;
    private final double precision;
    private int sortedCount;

    StoppingRule(TimingPlan plan) {
        this.sorted = new double[plan.maxRuns()];
        this.batch = new double[plan.maxRuns() / 2 + 1];
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

    /**
     * Whether the first {@code n} samples (left unchanged) pin the median down to the precision. Calls
     * must come with a non-decreasing {@code n} over one growing sample array whose earlier entries do
     * not change, as the harness's timed loop produces.
     */
    boolean precisionReached(double[] samples, int n) {
        if (n < sortedCount) {
            throw new IllegalArgumentException("samples must only grow (got n = " + n + " after "
                    + sortedCount + ")");
        }
        int added = n - sortedCount;
        if (added > sortedCount) {
            // the first check (or a jump past double the size): a full sort costs no more than a merge
            System.arraycopy(samples, 0, sorted, 0, n);
            Arrays.sort(sorted, 0, n);
        } else if (added > 0) {
            System.arraycopy(samples, sortedCount, batch, 0, added);
            Arrays.sort(batch, 0, added);
            mergeBatch(added);
        }
        sortedCount = n;
        return LatencyStatistics.relativeHalfWidth(sorted, n) <= precision;
    }

    /** Merges {@code batch[0..added)} into {@code sorted[0..sortedCount)} from the back, in place. */
    private void mergeBatch(int added) {
        int old = sortedCount - 1;
        int fresh = added - 1;
        for (int write = sortedCount + added - 1; fresh >= 0; write--) {
            sorted[write] = old >= 0 && sorted[old] > batch[fresh] ? sorted[old--] : batch[fresh--];
        }
    }

    /** Forgets every sample judged so far, for a series that starts over (a re-measurement). */
    void reset() {
        sortedCount = 0;
    }

    /** The sorted copy of the samples judged last; for tests. */
    double[] sortedSoFar() {
        return Arrays.copyOf(sorted, sortedCount);
    }
}
