package dev.latm.runtime.timing;

import java.util.Arrays;
import java.util.Optional;

/**
 * Finds a level shift in a series with Pettitt's test (A. N. Pettitt, <i>A non-parametric approach to
 * the change-point problem</i>, Applied Statistics 28, 1979): for every split t, {@code U(t) = 2 *
 * (sum of the ranks of the first t values) - t (n + 1)}; the split with the largest |U| is the
 * changepoint and {@code p ~ 2 exp(-6 U^2 / (n^3 + n^2))} its significance.
 *
 * <p>Why this test: it is rank-based, so like the CI of the median it assumes nothing about the
 * shape of the distribution and a few huge outliers cannot fake a shift; it finds one shift at an
 * unknown place, and a trend too (as a shift near its middle), where comparing the two halves only
 * sees a step near the middle; and its power grows with how much the shift moves the median, so a
 * short blip at the start (which barely moves it) is left alone.
 *
 * <p>A shift is <em>material</em> when it is both significant (p below {@value #ALPHA}, so at most 1%
 * of stationary measurements are flagged) and larger than the measurement's precision: over thousands
 * of runs even a 0.2% shift becomes significant, but one smaller than the precision the result claims
 * cannot bias it by more than that. p assumes independent values; a drifting host's raw run times are
 * not, which is right to flag, and anchored ratios mostly are. Below ~14 values p cannot fall under
 * {@value #ALPHA}: such series are never flagged.
 */
final class ChangepointDetector {

    /** Significance below which a shift counts. */
    static final double ALPHA = 0.01;

    private ChangepointDetector() {
    }

    /**
     * The material shift in the first {@code n} values, if there is one.
     *
     * @param precision relative size a shift must exceed to matter, in (0, 1)
     */
    static Optional<Changepoint> material(double[] values, int n, double precision) {
        if (n < 2) {
            return Optional.empty();
        }
        Changepoint change = pettitt(values, n);
        boolean material = change.pValue() < ALPHA && Math.abs(change.shift()) > precision;
        return material ? Optional.of(change) : Optional.empty();
    }

    /** Pettitt's most likely changepoint in the first {@code n >= 2} values, significant or not. */
    static Changepoint pettitt(double[] values, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2 (got " + n + ")");
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        double rankSum = 0;
        double largest = -1;
        int at = 1;
        for (int t = 1; t < n; t++) {
            rankSum += midrank(sorted, values[t - 1]);
            double u = Math.abs(2 * rankSum - t * (n + 1.0));
            if (u > largest) {
                largest = u;
                at = t;
            }
        }
        double nd = n;
        double p = Math.min(1, 2 * Math.exp(-6 * largest * largest / (nd * nd * nd + nd * nd)));
        return new Changepoint(at, medianOf(values, at, n) / medianOf(values, 0, at) - 1, p);
    }

    /** 1-based rank of {@code value} in {@code sorted}, ties given the mean of their ranks. */
    private static double midrank(double[] sorted, double value) {
        int low = firstIndexNotBelow(sorted, value);
        int high = firstIndexNotBelow(sorted, Math.nextUp(value)) - 1;
        return (low + high) / 2.0 + 1;
    }

    private static int firstIndexNotBelow(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private static double medianOf(double[] values, int from, int to) {
        double[] part = Arrays.copyOfRange(values, from, to);
        Arrays.sort(part);
        return LatencyStatistics.median(part, part.length);
    }
}
