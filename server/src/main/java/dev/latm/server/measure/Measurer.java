package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
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
 * measurement on the single worker, time it, store it. Knows nothing of gRPC.
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
    private final TimingHarness harness;
    private final Clock wallClock;

    /**
     * @param config the server's limits and device id
     * @param store  the result store, or null to keep none
     */
    public Measurer(ServerConfig config, EngineRegistry engines, OptionsResolver options,
                    MeasurementScheduler scheduler, ResultStore store, LatmMetrics metrics, TimingHarness harness,
                    Clock wallClock) {
        this.config = config;
        this.engines = engines;
        this.options = options;
        this.scheduler = scheduler;
        this.store = store;
        this.metrics = metrics;
        this.harness = harness;
        this.wallClock = wallClock;
    }

    /**
     * A validated request, ready to be looked up or queued.
     *
     * @param plan how the harness will time it, made at request time so that nothing about the options
     *             can fail later in the queue
     */
    public record Prepared(CompiledArchitecture compiled, ResolvedOptions options, TimingPlan plan, Engine engine,
                           StoreKey key) {
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
        Dtype dtype = WireDtypes.of(o.getDtype());
        StoreKey key = new StoreKey(compiled.id(), engine.name(), engine.version(), o.getThreads(), o.getBatch(),
                o.getResolution(), o.getPrecision(), config.deviceId(), dtype, engine.quantization(dtype));
        return new Prepared(compiled, effective, effective.timingPlan(), engine, key);
    }

    /** A measurement on its way: its result, and how to cancel it. */
    public record Submission(CompletableFuture<MeasureResponse> result, Runnable cancel) {
    }

    /**
     * Validates the request, then answers it from the store or queues it. Never throws: every
     * failure (invalid, over a limit, queue full, cancelled, engine error) completes the result
     * exceptionally, and every outcome is counted in the metrics before the result completes.
     */
    public Submission submit(Architecture architecture, MeasurementOptions requested) {
        long start = System.nanoTime();
        // Only hosted engines have counters; a request naming another engine is invalid and must
        // still be counted, so it is counted under the default engine.
        String engineLabel = engines.contains(requested.getEngine()) ? requested.getEngine()
                : options.defaultEngine();
        Submission submission;
        try {
            submission = submit(prepare(architecture, requested));
        } catch (RuntimeException e) {
            submission = new Submission(CompletableFuture.failedFuture(e), () -> { });
        }
        // Callers get the future that completes once the outcome is counted, so a client holding its
        // answer finds it in /metrics: callbacks on one future run in no order a caller can rely on.
        CompletableFuture<MeasureResponse> counted = submission.result().whenComplete((response, failure) -> {
            metrics.requestDuration(System.nanoTime() - start);
            metrics.outcome(engineLabel, failure == null ? outcome(response) : FailureKind.of(failure).outcome());
        });
        return new Submission(counted, submission.cancel());
    }

    private Submission submit(Prepared prepared) {
        Optional<MeasureResponse> stored = stored(prepared);
        if (stored.isPresent()) {
            return new Submission(CompletableFuture.completedFuture(stored.get()), () -> { });
        }
        MeasurementScheduler.Ticket<MeasureResponse> ticket =
                scheduler.submit(cancelled -> run(prepared, cancelled));
        return new Submission(ticket.result(), ticket::cancel);
    }

    private Optional<MeasureResponse> stored(Prepared prepared) {
        if (store == null || prepared.options().values().getForce()) {
            return Optional.empty();
        }
        return store.find(prepared.key())
                .map(r -> r.toBuilder().setFromStore(true).setName(prepared.compiled().spec().name()).build());
    }

    private static LatmMetrics.Outcome outcome(MeasureResponse response) {
        return response.getFromStore() ? LatmMetrics.Outcome.stored : LatmMetrics.Outcome.ok;
    }

    private MeasureResponse run(Prepared prepared, BooleanSupplier cancelled) {
        ResolvedOptions o = prepared.options();
        Engine engine = prepared.engine();
        EngineOptions engineOptions = o.engineOptions();
        // the build polls the flag between its steps too: a deadline that passes mid-build frees the worker
        Measurement measurement = harness.measure(() -> engine.build(prepared.compiled(), engineOptions, cancelled),
                prepared.plan(), cancelled);
        LayerProfile profile = o.values().getProfile() && !cancelled.getAsBoolean()
                ? engine.profile(prepared.compiled(), engineOptions, PROFILE_RUNS) : null;
        MeasureResponse response = Responses.measured(prepared, measurement, profile, config.deviceId(),
                wallClock.instant());
        metrics.build(engine.name(), engineOptions.dtype(), measurement.buildMs());
        metrics.measuredLatency(engine.name(), engineOptions.dtype(), response.getLatency().getMedianMs());
        if (store != null) {
            store.put(prepared.key(), prepared.compiled().normalized(), response);
        }
        String name = prepared.compiled().spec().name();
        LOG.info("measured {} ({}) on {} in {}: median {} ms, {} runs, target {}", prepared.compiled().id(),
                name.isEmpty() ? "unnamed" : LogText.escape(name), engine.name(),
                WireDtypes.label(engineOptions.dtype()), String.format("%.3f", response.getLatency().getMedianMs()),
                response.getLatency().getRuns(), response.getLatency().getTargetReached() ? "reached" : "not reached");
        return response;
    }
}
