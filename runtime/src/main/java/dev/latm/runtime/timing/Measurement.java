package dev.latm.runtime.timing;

import java.util.Objects;

/**
 * Everything one measurement observed. Build, first-run and warm-up times are reported apart from the
 * latency statistics because they answer different questions (cold start versus steady state) and
 * would only pollute the steady-state sample.
 *
 * @param stats      statistics of the timed runs: LAT(m) is {@code stats.medianMs()}
 * @param buildMs    time the builder took to create the candidate (graph preparation, weights)
 * @param firstRunMs the first run after build, timed alone: lazy initialisation shows up here
 * @param warmupMs   total time of the warm-up phase
 * @param warmupRuns warm-up runs taken (the first run not included)
 * @param timedMs    wall time of the timed phase, bookkeeping between runs included; compare with
 *                   {@code stats.meanMs() * stats.runs()} to see the harness's overhead
 * @param stopReason what ended the timed phase ({@code stats.targetReached()} says whether the final
 *                   sample met the precision)
 */
public record Measurement(LatencyStats stats, double buildMs, double firstRunMs, double warmupMs,
                          int warmupRuns, double timedMs, StopReason stopReason) {

    public Measurement {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(stopReason, "stopReason");
    }
}
