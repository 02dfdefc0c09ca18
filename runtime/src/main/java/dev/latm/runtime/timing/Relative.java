package dev.latm.runtime.timing;

import java.util.List;
import java.util.Objects;

/**
 * The candidate's latency relative to a reference network timed in alternation with it: what stays
 * put when the whole device speeds up or slows down, since both runs of a pair see the same device.
 * The server turns it into milliseconds as {@code median * } the device's calibrated reference latency.
 *
 * @param median         median of the per-pair ratios candidate / reference
 * @param ciLow          lower end of the distribution-free 95% CI of that median (the order-statistic
 *                       ranks of {@link LatencyStatistics#ciLowRank(int)})
 * @param ciHigh         upper end of that interval
 * @param ciHalfWidthRel {@code (ciHigh - ciLow) / 2 / median}: the precision achieved, which the
 *                       stopping rule of an anchored measurement judges
 * @param pairs          ratios the statistics are over, >= 1
 * @param targetReached  whether {@code pairs >= min_runs} and {@code ciHalfWidthRel <= precision}
 * @param reference      statistics of the reference's runs of those pairs: {@code reference_median_ms}
 *                       is {@code reference.medianMs()}
 * @param ratios         every ratio in run order when the plan asked to keep samples, else empty
 */
public record Relative(double median, double ciLow, double ciHigh, double ciHalfWidthRel, int pairs,
                       boolean targetReached, LatencyStats reference, List<Double> ratios) {

    public Relative {
        Objects.requireNonNull(reference, "reference");
        ratios = KeptSamples.check(ratios, "ratios", "ratio", pairs, "pair");
    }
}
