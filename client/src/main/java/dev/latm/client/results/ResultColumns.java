package dev.latm.client.results;

import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.WarmupOutcome;

/**
 * The one flattening of a {@link MeasureResponse} into a row: the columns every latm table shares
 * ({@code latm measure --format json}, {@code latm batch}, {@code latm search}'s trials and
 * {@code latm results export}), and a search controller embedding the client can write the same.
 * Tables add their own columns around these (a batch its input line, a trial its reward).
 *
 * <p>Adding a field of the response to every table is one line in {@link #RESULT}. LAT(m) is
 * {@code lat_ms} (see {@link #latMs}); the anchored columns ({@code relative} to {@code device_speed_ratio})
 * are absent for a measurement without a reference, and {@code stationary} and {@code warmup_outcome}
 * for results stored before they existed.
 */
public final class ResultColumns {
    /** What the response says about the candidate even when it failed. */
    private static final Columns<MeasureResponse> IDENTITY = Columns.of(
            Column.of("name", MeasureResponse::getName),
            Column.of("architecture_id", MeasureResponse::getArchitectureId),
            Column.of("device_id", MeasureResponse::getDeviceId),
            Column.of("engine", MeasureResponse::getEngine),
            Column.of("engine_version", MeasureResponse::getEngineVersion));

    /**
     * The measurement: absent when the response carries an error instead. A percentile that needs
     * more samples than were taken is absent too, never 0.
     */
    private static final Columns<MeasureResponse> RESULT = Columns.of(
            Column.of("dtype", r -> DtypeLabel.of(r.getOptions())),
            Column.of("threads", r -> r.getOptions().getThreads()),
            Column.of("batch", r -> r.getOptions().getBatch()),
            Column.of("resolution", r -> r.getOptions().getResolution()),
            Column.of("precision", r -> r.getOptions().getPrecision()),
            Column.of("reference", r -> r.getOptions().getReference().isEmpty() ? null : r.getOptions().getReference()),
            Column.ms("lat_ms", ResultColumns::latMs),
            Column.ms("median_ms", r -> r.getLatency().getMedianMs()),
            Column.ms("mean_ms", r -> r.getLatency().getMeanMs()),
            Column.ms("stddev_ms", r -> r.getLatency().getStddevMs()),
            Column.ms("min_ms", r -> r.getLatency().getMinMs()),
            Column.ms("max_ms", r -> r.getLatency().getMaxMs()),
            Column.ms("p90_ms", r -> r.getLatency().hasP90Ms() ? r.getLatency().getP90Ms() : null),
            Column.ms("p95_ms", r -> r.getLatency().hasP95Ms() ? r.getLatency().getP95Ms() : null),
            Column.ms("p99_ms", r -> r.getLatency().hasP99Ms() ? r.getLatency().getP99Ms() : null),
            Column.ms("ci_low_ms", r -> r.getLatency().getCiLowMs()),
            Column.ms("ci_high_ms", r -> r.getLatency().getCiHighMs()),
            Column.of("ci_half_width_rel", r -> r.getLatency().getCiHalfWidthRel()),
            Column.of("cv", r -> r.getLatency().getCv()),
            Column.of("runs", r -> r.getLatency().getRuns()),
            Column.of("target_reached", r -> r.getLatency().getTargetReached()),
            Column.of("stationary", r -> r.hasStationarity() ? r.getStationarity().getStationary() : null),
            Column.of("changepoint_run", r -> r.getStationarity().hasChangepointRun()
                    ? r.getStationarity().getChangepointRun() : null),
            Column.of("changepoint_shift", r -> r.getStationarity().hasChangepointRun()
                    ? r.getStationarity().getShift() : null),
            Column.of("relative", r -> r.hasAnchored() ? r.getAnchored().getRelative() : null),
            Column.of("relative_ci_half_width_rel",
                    r -> r.hasAnchored() ? r.getAnchored().getRelativeCiHalfWidthRel() : null),
            Column.ms("reference_median_ms", r -> r.hasAnchored() ? r.getAnchored().getReferenceMedianMs() : null),
            Column.ms("baseline_ms", r -> r.hasAnchored() ? r.getAnchored().getBaselineMs() : null),
            Column.ms("normalized_ms", r -> r.hasAnchored() ? r.getAnchored().getNormalizedMs() : null),
            Column.of("device_speed_ratio", r -> r.hasAnchored() ? r.getAnchored().getDeviceSpeedRatio() : null),
            Column.ms("build_ms", MeasureResponse::getBuildMs),
            Column.ms("first_run_ms", MeasureResponse::getFirstRunMs),
            Column.ms("warmup_ms", MeasureResponse::getWarmupMs),
            Column.of("warmup_runs", MeasureResponse::getWarmupRuns),
            Column.ms("timed_ms", MeasureResponse::getTimedMs),
            Column.of("warmup_outcome", r -> r.getWarmupOutcome() == WarmupOutcome.WARMUP_OUTCOME_UNSPECIFIED ? null
                    : r.getWarmupOutcome().name()),
            Column.of("macs", r -> r.getCost().getMacs()),
            Column.of("params", r -> r.getCost().getParams()),
            Column.of("params_training", r -> r.getCost().getParamsTraining()),
            Column.of("from_store", MeasureResponse::getFromStore),
            Column.of("measured_at", MeasureResponse::getMeasuredAt));

    /** Every column of a measurement, in order, {@code error} last: one line saying why it has no result. */
    public static final Columns<MeasureResponse> MEASUREMENT = IDENTITY
            .and(RESULT.onlyWhere(r -> !r.hasError()))
            .and(Column.of("error", r -> r.hasError() ? StatusText.of(r.getError()) : null));

    private ResultColumns() {
    }

    /**
     * LAT(m) as a search should use it: {@code lat_ms}, which is {@code anchored.normalized_ms} for an
     * anchored measurement; the median for a result stored before {@code lat_ms} existed.
     */
    public static double latMs(MeasureResponse response) {
        return response.getLatMs() > 0 ? response.getLatMs() : response.getLatency().getMedianMs();
    }
}
