package dev.latm.runtime.timing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one measurement observed. Build, first-run and warm-up times are reported apart from the
 * latency statistics because they answer different questions (cold start versus steady state) and
 * would only pollute the steady-state sample.
 *
 * @param stats         statistics of the candidate's own timed runs: LAT(m) is {@code stats.medianMs()}
 *                      (when anchored, those runs alternated with the reference's)
 * @param buildMs       time the builder took to create the candidate (graph preparation, weights); 0
 *                      for a candidate the caller built
 * @param firstRunMs    the first run after build, timed alone: lazy initialisation shows up here
 * @param warmupMs      total time of the warm-up phase (the reference's runs included when anchored)
 * @param warmupRuns    warm-up runs of the candidate (the first run not included)
 * @param warmupOutcome whether the warm-up reached the steady state or ran out of budget
 * @param timedMs       wall time of the timed phase, bookkeeping between runs (and, anchored, the
 *                      reference's runs) included; compare with {@code stats.meanMs() * stats.runs()}
 *                      to see the harness's overhead
 * @param stopReason    what ended the timed phase ({@code stats.targetReached()}, or
 *                      {@code relative.targetReached()} when anchored, says whether the final sample
 *                      met the precision)
 * @param stationarity  whether the series the result is based on (the run times, or the ratios when
 *                      anchored) kept one level, and which runs were dropped as late warm-up
 * @param relative      the candidate relative to the reference, when the measurement was anchored
 * @param warmupSamplesMs the candidate's warm-up runs in order (the first run not included), when the
 *                      plan kept samples, else empty: with {@code stats.samplesMs()}, the whole series a
 *                      plot of the measurement shows
 */
public record Measurement(LatencyStats stats, double buildMs, double firstRunMs, double warmupMs,
                          int warmupRuns, WarmupOutcome warmupOutcome, double timedMs, StopReason stopReason,
                          Stationarity stationarity, Optional<Relative> relative, List<Double> warmupSamplesMs) {

    public Measurement {
        warmupSamplesMs = List.copyOf(warmupSamplesMs);
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(warmupOutcome, "warmupOutcome");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(stationarity, "stationarity");
        Objects.requireNonNull(relative, "relative");
    }
}
