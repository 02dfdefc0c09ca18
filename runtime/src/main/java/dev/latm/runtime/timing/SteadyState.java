package dev.latm.runtime.timing;

import java.util.Arrays;

/**
 * Judges whether a warm-up series (run times, or candidate/reference ratios when anchored) has stopped
 * trending. Fed one value per run, with the clock and the JVM's compilation time at its end; asked
 * between runs. See {@link WarmupPolicy} for the rule's parameters and why.
 *
 * <p>The rule: take the last half of the series (at least {@code windows * windowRuns} values) and
 * split it into {@code windows} consecutive windows. The series is steady when
 * <ul>
 *   <li>the range of the windows' medians is within {@code max(precision, q * se)} of the smallest,
 *       where {@code se} is the standard error of one window's median, estimated robustly from the
 *       pooled deviations from each window's own median ({@code 1.2533 * 1.4826 * MAD / sqrt(runs)},
 *       the normal approximation: a scale, not an exact test, since latencies are skewed) and {@code q}
 *       the 95% point of the studentized range of {@code windows} means: on a flat series the range
 *       exceeds it 5% of the time, so the next look (10% more runs) usually ends the warm-up;</li>
 *   <li>for a JIT-compiled candidate, the noise can resolve a trend of {@code resolution}:
 *       {@code q * se <= resolution}, or else the windows are too short to tell and the warm-up goes on
 *       until the last half has grown; and the compilation time grew by at most
 *       {@code max(JIT_FLOOR_MILLIS, jitShare * wall time)} during the last window.</li>
 * </ul>
 * Why the resolution is asked of JIT-compiled candidates only: it is there to find a transient the
 * noise would hide, and the transient that matters is the JIT's (a fresh JVM's java engine ran 2x its
 * steady time for tens of runs, issue 15). A candidate in native code (ONNX Runtime) has no such
 * phase: its series was flat from the first run (6.8 ms in the first window, 6.3-6.9 ms after), but on
 * a noisy host waiting until windows could resolve 5% kept its warm-up going for up to 4.8 s (370
 * runs) where the minimum took 0.2 s. Its windows still have to agree within the noise: a 2x
 * transient (time constant 40 runs) at CV 3% still ends with under 1% bias, as a JIT-compiled
 * candidate's does. The price: were a native candidate to have such a transient under CV 10% noise,
 * its warm-up would end after 33-154 runs with a 1-5% bias over the next 300 (20 seeded series;
 * {@code SteadyStateTest}), left for the timed runs' stationarity test to find.
 * Half of the series, not a fixed count, because a trend is only visible over a span comparable to its
 * time constant: the span grows with the warm-up until it covers one. Keeps at most {@code capacity}
 * values: when full, it forgets the older half (the rule only ever looks at the newer half).
 */
final class SteadyState {

    /**
     * 95% points of the studentized range of k means with known variance, q(0.95; k, infinity), for k
     * = 0..{@link WarmupPolicy#MAX_WINDOWS} (0 and 1 unused). From the standard tables (e.g. Harter 1960).
     */
    private static final double[] STUDENTIZED_RANGE_95 = {Double.NaN, Double.NaN, 2.772, 3.314, 3.633, 3.858,
        4.030};

    /** Standard error of a median over sigma * sqrt(n) for normal data: sqrt(pi / 2). */
    private static final double MEDIAN_SE_FACTOR = 1.2533;
    /** sigma over the median absolute deviation for normal data. */
    private static final double MAD_TO_SIGMA = 1.4826;

    /**
     * Once the minimum warm-up is met, the series is judged each time it has grown by this many percent:
     * the verdict comes at most 10% later than with a look after every run, and a look sorts the last
     * half, so the looks add up to about ten sorts of the final series.
     */
    static final int CHECK_GROWTH_PERCENT = 10;

    /** Default values kept: 32k runs of the newest history, ~1 MB. */
    static final int DEFAULT_CAPACITY = 1 << 15;

    private final WarmupPolicy policy;
    private final double precision;
    private final boolean jitCompiled;
    private final double[] values;
    private final long[] endNanos;
    private final long[] jitMillis;
    private final double[] scratch;
    private final double[] deviations;
    private int size;
    private long total;

    /**
     * @param precision the precision the measurement asks for, in (0, 1)
     * @param jitCompiled whether the candidate is JIT-compiled: then the windows must resolve a trend of
     *                    the policy's resolution, and the JIT's compilation time must have settled
     * @param capacity  values kept, >= 2 * windows * windowRuns
     */
    SteadyState(WarmupPolicy policy, double precision, boolean jitCompiled, int capacity) {
        if (capacity < 2 * policy.windows() * policy.windowRuns()) {
            throw new IllegalArgumentException("capacity must be >= 2 * windows * window_runs (got " + capacity + ")");
        }
        this.policy = policy;
        this.precision = precision;
        this.jitCompiled = jitCompiled;
        this.values = new double[capacity];
        this.endNanos = new long[capacity];
        this.jitMillis = new long[capacity];
        this.scratch = new double[capacity];
        this.deviations = new double[capacity];
    }

    SteadyState(WarmupPolicy policy, double precision, boolean jitCompiled) {
        this(policy, precision, jitCompiled, DEFAULT_CAPACITY);
    }

    /** Adds one run's value, with the clock reading and the JVM's compilation time at its end. */
    void add(double value, long endNanosOfRun, long jitMillisAtEnd) {
        if (size == values.length) {
            int keep = size / 2;
            System.arraycopy(values, size - keep, values, 0, keep);
            System.arraycopy(endNanos, size - keep, endNanos, 0, keep);
            System.arraycopy(jitMillis, size - keep, jitMillis, 0, keep);
            size = keep;
        }
        values[size] = value;
        endNanos[size] = endNanosOfRun;
        jitMillis[size] = jitMillisAtEnd;
        size++;
        total++;
    }

    /** Values added so far, forgotten ones included. */
    long count() {
        return total;
    }

    /**
     * The run count of the next judgement after one at {@code runs}: when the windows first exist, then
     * every {@value #CHECK_GROWTH_PERCENT}%.
     */
    int nextCheck(int runs) {
        int first = policy.windows() * policy.windowRuns();
        if (runs < first) {
            return first;
        }
        return (int) Math.max(runs + 1L, ((long) runs * (100 + CHECK_GROWTH_PERCENT) + 99) / 100);
    }

    /** Whether the series has settled (see the class comment); false while it is too short to tell. */
    boolean steady() {
        int windows = policy.windows();
        int span = (int) Math.min(size, Math.max((long) windows * policy.windowRuns(), total / 2));
        if (span < windows * policy.windowRuns()) {
            return false;
        }
        int first = size - span;
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        int deviationCount = 0;
        for (int w = 0; w < windows; w++) {
            int from = first + (int) ((long) span * w / windows);
            int to = first + (int) ((long) span * (w + 1) / windows);
            int n = to - from;
            System.arraycopy(values, from, scratch, 0, n);
            Arrays.sort(scratch, 0, n);
            double median = LatencyStatistics.median(scratch, n);
            lowest = Math.min(lowest, median);
            highest = Math.max(highest, median);
            for (int i = from; i < to; i++) {
                deviations[deviationCount++] = Math.abs(values[i] - median);
            }
        }
        Arrays.sort(deviations, 0, deviationCount);
        double mad = LatencyStatistics.median(deviations, deviationCount);
        double windowSe = MEDIAN_SE_FACTOR * MAD_TO_SIGMA * mad / Math.sqrt(span / windows);
        double noiseBound = STUDENTIZED_RANGE_95[windows] * windowSe;
        boolean agree = highest - lowest <= Math.max(precision * lowest, noiseBound);
        if (!agree || !jitCompiled) {
            return agree;
        }
        boolean resolved = noiseBound <= policy.resolution() * lowest;
        int lastWindowFrom = first + (int) ((long) span * (windows - 1) / windows);
        return resolved && jitQuiet(lastWindowFrom);
    }

    /** Whether compilation time grew by no more than tolerated in the window starting at {@code from}. */
    private boolean jitQuiet(int from) {
        int before = from - 1; // the window starts when the run before it ended
        double wallMillis = (endNanos[size - 1] - endNanos[before]) / 1e6;
        long grown = jitMillis[size - 1] - jitMillis[before];
        return grown <= Math.max(WarmupPolicy.JIT_FLOOR_MILLIS, policy.jitShare() * wallMillis);
    }
}
