package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Engine;
import dev.latm.runtime.timing.Changepoint;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.MeasurementCancelledException;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.runtime.timing.WarmupPolicy;
import dev.latm.server.metrics.LatmMetrics;
import dev.latm.server.store.ResultStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's reference networks: their built, warm candidates ({@link ReferenceCache}) and their
 * calibrated baselines, the latency of each reference alone that anchored results are scaled by
 * ({@code normalized_ms = relative * baseline}). A baseline is calibrated once per configuration
 * (reference, engine and version, threads, dtype) and kept in the store, so every result of the device,
 * in this process or after a restart, is on one scale; it is calibrated again only when asked
 * ({@code latm calibrate}).
 *
 * <p>A calibration is a plain measurement of the reference ({@link dev.latm.server.ServerConfig#CALIBRATION}).
 * One whose runs are not stationary (the host's speed shifted by more than the plan's precision while it
 * ran) would put a shifted scale under every later result, so it is retried, up to {@value #ATTEMPTS}
 * attempts, and refused when none is stationary.
 *
 * <p>{@link #anchor} and {@link #calibrate} run on the measurement worker only (they time networks);
 * {@link #baseline} and {@link #baselines} may be called from any thread.
 */
public final class References implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(References.class);

    /** Calibration attempts before one is refused: a shift during three in a row says the host is unsteady now. */
    static final int ATTEMPTS = 3;

    /**
     * A calibration's warm-up: the reference runs alone, so its raw run times are judged, which a drifting
     * host keeps from looking flat: the budget of a warm-up alone ({@link WarmupPolicy#ALONE_BUDGET}).
     */
    static final WarmupPolicy WARMUP = WarmupPolicy.DEFAULT.withBudget(WarmupPolicy.ALONE_BUDGET);

    private final ResultStore store;
    private final ReferenceCache cache;
    private final TimingHarness harness;
    private final TimingPlan plan;
    private final String deviceId;
    private final Clock wallClock;
    private final LatmMetrics metrics;
    /** Baselines known to this process: all of them without a store, a read cache with one. */
    private final Map<ReferenceKey, ReferenceBaseline> known = new ConcurrentHashMap<>();

    /**
     * @param store where baselines persist, or null to calibrate once per process
     * @param plan  how a baseline is calibrated when it is needed (a request may ask for another plan)
     */
    public References(ResultStore store, ReferenceCache cache, TimingHarness harness, TimingPlan plan, String deviceId,
                      Clock wallClock, LatmMetrics metrics) {
        this.store = store;
        this.cache = cache;
        this.harness = harness;
        this.plan = plan;
        this.deviceId = deviceId;
        this.wallClock = wallClock;
        this.metrics = metrics;
    }

    /**
     * What an anchored measurement runs with: the open, warm reference candidate and the baseline its
     * ratios are scaled by.
     */
    record Anchor(ReferenceKey key, Candidate reference, ReferenceBaseline baseline) {
    }

    /** The baseline of {@code key} on this device, if it has been calibrated. */
    public Optional<ReferenceBaseline> baseline(ReferenceKey key) {
        ReferenceBaseline baseline = known.get(key);
        if (baseline == null && store != null) {
            baseline = store.findBaseline(key.encoded(deviceId)).orElse(null);
            if (baseline != null) {
                known.put(key, baseline);
            }
        }
        return Optional.ofNullable(baseline);
    }

    /** Every baseline of this device, oldest first. */
    public List<ReferenceBaseline> baselines() {
        if (store != null) {
            return store.baselines(deviceId);
        }
        List<ReferenceBaseline> all = new ArrayList<>(known.values());
        all.sort((a, b) -> a.getMeasuredAt().compareTo(b.getMeasuredAt()));
        return all;
    }

    /**
     * The reference of {@code key}, built and warm, with its baseline, calibrated first when the device
     * has none for it. Measurement worker only.
     *
     * @throws CalibrationFailedException    when a calibration was needed and no attempt was stationary
     * @throws MeasurementCancelledException when cancelled during a calibration
     */
    Anchor anchor(ReferenceKey key, Engine engine, BooleanSupplier cancelled) {
        ReferenceBaseline baseline = baseline(key).orElse(null);
        if (baseline == null) {
            baseline = calibrate(key, engine, plan, cancelled);
        }
        return new Anchor(key, candidate(key, engine), baseline);
    }

    /**
     * Calibrates the baseline of {@code key} (again, when there is one: the new one replaces it) with
     * the timing {@code calibration}, and keeps it. Measurement worker only.
     *
     * @throws CalibrationFailedException    when no attempt was stationary; a previous baseline is kept
     * @throws MeasurementCancelledException when cancelled
     */
    ReferenceBaseline calibrate(ReferenceKey key, Engine engine, TimingPlan calibration, BooleanSupplier cancelled) {
        Candidate reference = candidate(key, engine);
        Changepoint last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Measurement measurement;
            try {
                measurement = harness.measureBuilt(reference, calibration, WARMUP, cancelled);
            } catch (MeasurementCancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                cache.evict(key); // a reference that failed a run is not trusted warm
                throw e;
            }
            if (measurement.stationarity().stationary()) {
                ReferenceBaseline baseline = baseline(key, measurement, attempt);
                if (store != null) {
                    store.putBaseline(key.encoded(deviceId), baseline);
                }
                known.put(key, baseline);
                metrics.reference(key.engine(), baseline.getMedianMs(), 1.0);
                LOG.info("calibrated {} on {} {} ({} thread(s), {}): {} ms, +-{}%, {} runs, attempt {}",
                        key.reference(), key.engine(), key.engineVersion(), key.threads(), key.dtype(),
                        String.format("%.4f", baseline.getMedianMs()),
                        String.format("%.2f", 100 * baseline.getCiHalfWidthRel()), baseline.getRuns(), attempt);
                return baseline;
            }
            last = measurement.stationarity().change().orElseThrow();
            LOG.warn("calibration attempt {} of {} for {} on {} was not stationary: a shift of {}% at run {}",
                    attempt, ATTEMPTS, key.reference(), key.engine(), String.format("%+.1f", 100 * last.shift()),
                    last.run());
        }
        throw new CalibrationFailedException("calibrating the reference " + key.reference() + " on " + key.engine()
                + " (" + key.threads() + " thread(s), " + key.dtype() + ") failed: its run times shifted during each "
                + "of "
                + ATTEMPTS + " attempts (the last by " + String.format("%+.1f%%", 100 * last.shift()) + " at run "
                + last.run() + "), so the host is too unsteady to calibrate right now. Retry later, or measure with "
                + "reference none");
    }

    /** Closes and forgets the warm candidate of {@code key}, so that the next use builds it afresh. */
    void discard(ReferenceKey key) {
        cache.evict(key);
    }

    private Candidate candidate(ReferenceKey key, Engine engine) {
        return cache.get(key, () -> engine.build(compile(key.reference()), key.options()));
    }

    /** A reference preset at its own resolution, batch 1: the server's choice, so checked against no request limit. */
    static CompiledArchitecture compile(String reference) {
        return CompiledArchitecture.compile(Presets.get(reference), Limits.DEFAULT, 0, 1);
    }

    private ReferenceBaseline baseline(ReferenceKey key, Measurement measurement, int attempt) {
        return ReferenceBaseline.newBuilder()
                .setReference(key.reference())
                .setEngine(key.engine())
                .setEngineVersion(key.engineVersion())
                .setThreads(key.threads())
                .setDtype(key.dtype())
                .setMedianMs(measurement.stats().medianMs())
                .setCiHalfWidthRel(measurement.stats().ciHalfWidthRel())
                .setRuns(measurement.stats().runs())
                .setStationary(true)
                .setMeasuredAt(wallClock.instant().truncatedTo(ChronoUnit.MILLIS).toString())
                .setDeviceId(deviceId)
                .setAttempts(attempt)
                .build();
    }

    /** Closes the warm reference candidates; after the worker has stopped. */
    @Override
    public void close() {
        cache.close();
    }
}
