package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.runtime.timing.WarmupOutcome;
import dev.latm.server.LogText;
import dev.latm.server.ServerConfig;
import dev.latm.server.metrics.LatmMetrics;
import dev.latm.server.store.ResultStore;
import dev.latm.server.store.StoreKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The measurement use case: validate, answer from the store when it can, otherwise queue the
 * measurement on the single worker, time it ({@link DeviceTiming}), store it. A batch is timed
 * interleaved ({@link BatchRun}); a calibration is queued like a measurement. Knows nothing of gRPC.
 */
public final class Measurer {
    private static final Logger LOG = LoggerFactory.getLogger(Measurer.class);
    private static final int PROFILE_RUNS = 20;

    private final ServerConfig config;
    private final EngineRegistry engines;
    private final OptionsResolver options;
    private final MeasurementScheduler scheduler;
    private final ResultStore store;
    private final LatmMetrics metrics;
    private final DeviceTiming timing;
    private final Clock wallClock;

    /**
     * @param config the server's limits and device id
     * @param store  the result store, or null to keep none
     */
    public Measurer(ServerConfig config, EngineRegistry engines, OptionsResolver options,
                    MeasurementScheduler scheduler, ResultStore store, LatmMetrics metrics, DeviceTiming timing,
                    Clock wallClock) {
        this.config = config;
        this.engines = engines;
        this.options = options;
        this.scheduler = scheduler;
        this.store = store;
        this.metrics = metrics;
        this.timing = timing;
        this.wallClock = wallClock;
    }

    /**
     * A validated request, ready to be looked up or queued.
     *
     * @param plan      how the harness will time it, made at request time so that nothing about the
     *                  options can fail later in the queue
     * @param reference the reference it is anchored to, or empty to time it alone
     */
    public record Prepared(CompiledArchitecture compiled, ResolvedOptions options, TimingPlan plan, Engine engine,
                           StoreKey key, Optional<ReferenceKey> reference) {
    }

    /**
     * Validates the architecture and the options together, so a client sees every problem at once,
     * then takes the engine (created on first use).
     *
     * @throws InvalidRequestException     with field paths prefixed {@code architecture.} or {@code options.}
     * @throws dev.latm.runtime.EngineUnavailableException when the engine cannot run on this host
     */
    Prepared prepare(Architecture architecture, MeasurementOptions requested) {
        List<Violation> violations = new ArrayList<>();
        ResolvedOptions resolved = null;
        try {
            resolved = options.resolve(requested);
        } catch (InvalidRequestException e) {
            violations.addAll(e.violations());
        }
        CompiledArchitecture compiled = null;
        try {
            compiled = RequestCompiler.compile(architecture, config.limits(), requested.getResolution(),
                    requested.getBatch(), "options");
        } catch (InvalidRequestException e) {
            violations.addAll(e.violations());
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        ResolvedOptions effective = resolved.withInputOf(compiled.spec());
        MeasurementOptions o = effective.values();
        Engine engine = engines.get(o.getEngine());
        Optional<ReferenceKey> reference = effective.reference()
                .map(name -> ReferenceKey.of(name, engine, effective.engineOptions()));
        Dtype dtype = WireDtypes.of(o.getDtype());
        StoreKey key = new StoreKey(compiled.id(), engine.name(), engine.version(), o.getThreads(), o.getBatch(),
                o.getResolution(), o.getPrecision(), config.deviceId(), effective.reference().orElse(""), dtype,
                engine.quantization(dtype));
        return new Prepared(compiled, effective, effective.timingPlan(), engine, key, reference);
    }

    /** Work on its way: its result, and how to cancel it. */
    public record Submission<T>(CompletableFuture<T> result, Runnable cancel) {
    }

    /**
     * Validates the request, then answers it from the store or queues it. Never throws: every
     * failure (invalid, over a limit, queue full, cancelled, engine error) completes the result
     * exceptionally, and every outcome is counted in the metrics before the result completes.
     */
    public Submission<MeasureResponse> submit(Architecture architecture, MeasurementOptions requested) {
        long start = System.nanoTime();
        String engineLabel = engineLabel(requested);
        Submission<MeasureResponse> submission;
        try {
            submission = submit(prepare(architecture, requested));
        } catch (RuntimeException e) {
            submission = new Submission<>(CompletableFuture.failedFuture(e), () -> { });
        }
        // Callers get the future that completes once the outcome is counted, so a client holding its
        // answer finds it in /metrics: callbacks on one future run in no order a caller can rely on.
        CompletableFuture<MeasureResponse> counted = submission.result()
                .whenComplete((response, failure) -> count(engineLabel, start, response, failure));
        return new Submission<>(counted, submission.cancel());
    }

    /**
     * Measures a batch: the candidates that fail validation or are in the store are answered at once,
     * the others are queued in chunks and timed interleaved ({@link BatchRun}). {@code listener} hears of
     * every candidate exactly once, in completion order, each outcome counted first; the result completes
     * after the last. Never throws.
     */
    public Submission<Void> submitBatch(List<Architecture> architectures, MeasurementOptions requested,
                                        BatchRun.Listener listener) {
        long start = System.nanoTime();
        String engineLabel = engineLabel(requested);
        BatchRun.Listener counted = new BatchRun.Listener() {
            @Override
            public void completed(int index, MeasureResponse response) {
                count(engineLabel, start, response, null);
                listener.completed(index, response);
            }

            @Override
            public void failed(int index, Throwable failure) {
                count(engineLabel, start, null, failure);
                listener.failed(index, failure);
            }
        };
        List<BatchRun.Candidate> queued = new ArrayList<>();
        for (int index = 0; index < architectures.size(); index++) {
            Prepared prepared;
            try {
                prepared = prepare(architectures.get(index), requested);
            } catch (RuntimeException e) {
                counted.failed(index, e);
                continue;
            }
            Optional<MeasureResponse> stored = stored(prepared);
            if (stored.isPresent()) {
                counted.completed(index, stored.get());
            } else {
                queued.add(new BatchRun.Candidate(index, prepared));
            }
        }
        BatchRun run = new BatchRun(queued, scheduler, this::interleave, counted);
        return new Submission<>(run.start(), run::cancel);
    }

    /**
     * Queues a calibration of the baseline of {@code requested}'s reference, engine and threads (see
     * {@link References#calibrate}); it replaces the device's baseline for them. It is timed with the
     * server's calibration plan ({@link ServerConfig#calibration()}), unless the request sets a timing
     * option (precision, runs, seconds, warm-up): then with its options, resolved like a measurement's.
     * Never throws: an invalid request (one naming no reference, too) fails the result.
     */
    public Submission<ReferenceBaseline> calibrate(MeasurementOptions requested) {
        ResolvedOptions resolved;
        Engine engine;
        try {
            resolved = options.resolve(requested);
            if (resolved.reference().isEmpty()) {
                throw new InvalidRequestException(List.of(Violation.invalid(MeasurementOption.REFERENCE.path(),
                        "must name a reference network to calibrate (got " + ServerConfig.NO_REFERENCE + ")")));
            }
            engine = engines.get(resolved.values().getEngine());
        } catch (RuntimeException e) {
            return new Submission<>(CompletableFuture.failedFuture(e), () -> { });
        }
        ReferenceKey key = ReferenceKey.of(resolved.reference().get(), engine, resolved.engineOptions());
        boolean timingAsked = requested.getPrecision() != 0 || requested.getMinRuns() != 0
                || requested.getMaxRuns() != 0 || requested.getMaxSeconds() != 0 || requested.getWarmupRuns() != 0
                || requested.getWarmupSeconds() != 0;
        TimingPlan plan = timingAsked ? resolved.timingPlan() : config.calibration();
        try {
            MeasurementScheduler.Ticket<ReferenceBaseline> ticket =
                    scheduler.submit(cancelled -> timing.calibrate(key, engine, plan, cancelled));
            return new Submission<>(ticket.result(), ticket::cancel);
        } catch (RuntimeException e) {
            return new Submission<>(CompletableFuture.failedFuture(e), () -> { });
        }
    }

    /**
     * Queues a calibration of the server's default configuration unless the device already has its
     * baseline: what a server does at start, so that the first anchored request need not wait for it.
     * A failure is logged; the first request needing the baseline tries again.
     */
    public void calibrateDefaultInBackground() {
        MeasurementOptions defaults = options.defaults();
        if (defaults.getReference().equals(ServerConfig.NO_REFERENCE)) {
            return;
        }
        Engine engine;
        try {
            engine = engines.get(defaults.getEngine());
        } catch (RuntimeException e) {
            LOG.warn("no calibration at start: {}", e.getMessage());
            return;
        }
        ReferenceKey key = ReferenceKey.of(defaults.getReference(), engine, options.resolve(defaults).engineOptions());
        if (timing.references().baseline(key).isPresent()) {
            return;
        }
        calibrate(defaults).result().whenComplete((baseline, failure) -> {
            if (failure != null) {
                LOG.warn("the calibration at start failed; the first anchored request tries again: {}",
                        FailureKind.unwrap(failure).getMessage());
            }
        });
    }

    /** The device's calibrated baselines. */
    public List<ReferenceBaseline> baselines() {
        return timing.references().baselines();
    }

    /** The engine a request's outcome is counted under: only hosted engines have counters. */
    private String engineLabel(MeasurementOptions requested) {
        // a request naming another engine is invalid and must still be counted: under the default engine
        return engines.contains(requested.getEngine()) ? requested.getEngine() : options.defaultEngine();
    }

    private void count(String engineLabel, long start, MeasureResponse response, Throwable failure) {
        metrics.requestDuration(System.nanoTime() - start);
        metrics.outcome(engineLabel, failure == null ? outcome(response) : FailureKind.of(failure).outcome());
    }

    private Submission<MeasureResponse> submit(Prepared prepared) {
        Optional<MeasureResponse> stored = stored(prepared);
        if (stored.isPresent()) {
            return new Submission<>(CompletableFuture.completedFuture(stored.get()), () -> { });
        }
        MeasurementScheduler.Ticket<MeasureResponse> ticket = scheduler.submit(
                cancelled -> finish(prepared, timing.measure(prepared, cancelled), cancelled));
        return new Submission<>(ticket.result(), ticket::cancel);
    }

    /** The stored result, on the scale of the device's current baseline when it was anchored. */
    private Optional<MeasureResponse> stored(Prepared prepared) {
        if (store == null || !config.keepResults() || prepared.options().values().getForce()) {
            return Optional.empty();
        }
        return store.find(prepared.key())
                .map(r -> Responses.rebased(r, prepared.reference().flatMap(timing.references()::baseline)))
                .map(r -> r.toBuilder().setFromStore(true).setName(prepared.compiled().spec().name()).build());
    }

    private static LatmMetrics.Outcome outcome(MeasureResponse response) {
        return response.getFromStore() ? LatmMetrics.Outcome.stored : LatmMetrics.Outcome.ok;
    }

    /** Times a chunk of a batch on the worker; {@link BatchRun} reports what it hears. */
    private void interleave(List<BatchRun.Candidate> chunk, BatchRun.Listener listener, BooleanSupplier cancelled) {
        List<Prepared> candidates = chunk.stream().map(BatchRun.Candidate::prepared).toList();
        timing.interleave(candidates, config.maxInterleaveBytes(), new DeviceTiming.BatchListener() {
            @Override
            public void completed(int position, DeviceTiming.Timed timed) {
                MeasureResponse response;
                try {
                    response = finish(candidates.get(position), timed, cancelled);
                } catch (RuntimeException e) {
                    listener.failed(chunk.get(position).index(), e);
                    return;
                }
                listener.completed(chunk.get(position).index(), response);
            }

            @Override
            public void failed(int position, RuntimeException failure) {
                listener.failed(chunk.get(position).index(), failure);
            }
        }, cancelled);
    }

    /** The response to a timed candidate, after its profile when asked; recorded in the metrics and stored. */
    private MeasureResponse finish(Prepared prepared, DeviceTiming.Timed timed, BooleanSupplier cancelled) {
        Measurement measurement = timed.measurement();
        Engine engine = prepared.engine();
        Dtype dtype = prepared.options().engineOptions().dtype();
        LayerProfile profile = prepared.options().values().getProfile() && !cancelled.getAsBoolean()
                ? engine.profile(prepared.compiled(), prepared.options().engineOptions(), PROFILE_RUNS) : null;
        MeasureResponse response = Responses.measured(prepared, measurement, timed.baseline(), profile,
                config.deviceId(), wallClock.instant());
        metrics.build(engine.name(), dtype, measurement.buildMs());
        metrics.measuredLatency(engine.name(), dtype, response.getLatMs());
        metrics.measurementSeries(engine.name(), measurement.warmupOutcome() == WarmupOutcome.STEADY
                ? LatmMetrics.WarmupEnd.steady : LatmMetrics.WarmupEnd.budget_exhausted,
                measurement.stationarity().stationary());
        if (response.hasAnchored()) {
            metrics.reference(engine.name(), response.getAnchored().getReferenceMedianMs(),
                    response.getAnchored().getDeviceSpeedRatio());
        }
        if (store != null && config.keepResults()) {
            store.put(prepared.key(), prepared.compiled().normalized(), response);
        }
        String name = prepared.compiled().spec().name();
        LOG.info("measured {} ({}) on {} in {}: LAT {} ms (median {} ms{}), {} runs, target {}{}",
                prepared.compiled().id(), name.isEmpty() ? "unnamed" : LogText.escape(name), engine.name(),
                dtype.label(), String.format("%.3f", response.getLatMs()),
                String.format("%.3f", response.getLatency().getMedianMs()),
                response.hasAnchored() ? String.format(", device at %.2fx its baseline",
                        response.getAnchored().getDeviceSpeedRatio()) : "",
                response.getLatency().getRuns(), response.getLatency().getTargetReached() ? "reached" : "not reached",
                measurement.stationarity().stationary() ? "" : ", NOT stationary");
        return response;
    }
}
