package dev.latm.server;

import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.timing.Clock;
import dev.latm.runtime.timing.InterleavedRunner;
import dev.latm.runtime.timing.JitCompilationTime;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.server.measure.DeviceTiming;
import dev.latm.server.measure.Exporter;
import dev.latm.server.measure.MeasurementScheduler;
import dev.latm.server.measure.Measurer;
import dev.latm.server.measure.ModelExports;
import dev.latm.server.measure.OptionsResolver;
import dev.latm.server.measure.ReferenceCache;
import dev.latm.server.measure.References;
import dev.latm.server.metrics.LatmMetrics;
import dev.latm.server.metrics.MetricsEndpoint;
import dev.latm.server.predict.LoadedPredictors;
import dev.latm.server.predict.PredictService;
import dev.latm.server.security.TokenAuthInterceptor;
import dev.latm.server.security.TokenCheck;
import dev.latm.server.store.ResultStore;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A latm device server: the measurement service, grpc.health.v1, reflection, and a Prometheus
 * endpoint. {@link #start()} / {@link #stop()} / {@link #blockUntilShutdown()}; both constructors
 * end in the one taking a {@link ServerBuilder}, so tests and the CLI's embedded mode run the same
 * server in process.
 */
public final class LatmServer {
    private static final Logger LOG = LoggerFactory.getLogger(LatmServer.class);

    /** How much longer than the grace period {@link #stop()} may take: to stop what the grace did not end. */
    public static final Duration STOP_MARGIN = Duration.ofSeconds(1);

    private final Object lock = new Object();
    private final ServerConfig config;
    private final ServerBuilder<?> builder;
    private final EngineRegistry engines;
    private final Clock timingClock;
    private final HealthStatusManager health = new HealthStatusManager();
    private final DrainGate drainGate = new DrainGate();

    private boolean started;
    private boolean stopped;
    private Server server;
    private MeasurementScheduler scheduler;
    private ResultStore store;
    private DeviceTiming timing;
    private MetricsEndpoint metricsEndpoint;
    private PrometheusMeterRegistry registry;
    private TokenCheck tokens;

    /**
     * A network server on {@code config.bindHost():config.port()}, with TLS when configured, and the
     * engines latm ships ({@link EngineRegistry#standard()}).
     */
    public LatmServer(ServerConfig config) {
        this(config, EngineRegistry.standard());
    }

    /** A network server with the given engines. */
    public LatmServer(ServerConfig config, EngineRegistry engines) {
        this(config, nettyBuilder(config), engines);
    }

    /**
     * @param builder where the service is served: Netty, or in process for the CLI's embedded mode
     * @param engines the engines requests may name; none is created before a request needs it (except
     *                those the configured predictors name, whose versions are checked at start)
     */
    public LatmServer(ServerConfig config, ServerBuilder<?> builder, EngineRegistry engines) {
        this(config, builder, engines, Clock.SYSTEM);
    }

    /**
     * @param timingClock what every run is timed with: {@link Clock#SYSTEM}, or in tests a fake clock
     *                    that a synthetic engine's runs advance, so a device with known latencies can be
     *                    measured end to end exactly, without sleeping
     */
    public LatmServer(ServerConfig config, ServerBuilder<?> builder, EngineRegistry engines, Clock timingClock) {
        this.config = config;
        this.builder = builder;
        this.engines = engines;
        this.timingClock = timingClock;
    }

    private static ServerBuilder<?> nettyBuilder(ServerConfig config) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindHost(),
                config.port()));
        if (config.tls() != null) {
            try {
                builder.sslContext(config.tls().serverContext());
            } catch (SSLException e) {
                throw new IllegalArgumentException("cannot load the TLS certificate or key: " + e.getMessage(), e);
            }
        }
        return builder;
    }

    /**
     * Opens the store, registers the metrics, binds the ports and marks the service SERVING.
     *
     * @throws IOException when a port cannot be bound
     */
    public LatmServer start() throws IOException {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("Already started");
            }
            if (!engines.contains(config.defaultEngine())) {
                // checked by name only: the default engine, too, is created when a request first needs it
                throw new IllegalArgumentException("--engine: " + engines.unknown(config.defaultEngine()));
            }
            started = true;
            try {
                tokens = config.authToken() == null ? null
                        : new TokenCheck(config.authToken(), config.authFailureDelay());
                scheduler = new MeasurementScheduler(config.queueCapacity());
                store = config.storePath() == null ? null : ResultStore.open(config.storePath());
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                LatmMetrics metrics = new LatmMetrics(registry, engines.dtypesByName(), scheduler::depth,
                        config.queueCapacity());
                LoadedPredictors predictors = LoadedPredictors.load(config.predictors(), config.deviceId(), engines,
                        metrics);
                OptionsResolver options = new OptionsResolver(config, engines);
                java.time.Clock wallClock = java.time.Clock.systemUTC();
                TimingHarness harness = new TimingHarness(timingClock);
                timing = new DeviceTiming(harness,
                        new InterleavedRunner(timingClock, JitCompilationTime.SYSTEM, RandomGenerator.getDefault()),
                        new References(store, new ReferenceCache(ReferenceCache.DEFAULT_CAPACITY), harness,
                                config.calibration(), config.deviceId(), wallClock, metrics));
                Measurer measurer = new Measurer(config, engines, options, scheduler, store, metrics, timing,
                        wallClock);
                LatencyServiceImpl service = new LatencyServiceImpl(measurer, config.limits(),
                        new DeviceInfoProvider(config, engines, options.defaults(), measurer::baselines, predictors),
                        config.maxBatchSize(), new ModelExports(config.limits(), engines, scheduler,
                                new Exporter(config.maxExportBytes())), predictors,
                        new PredictService(predictors, options, config.limits()));
                builder.maxInboundMessageSize(config.maxMessageBytes())
                        .addService(authenticated(service))
                        .addService(UndecodableRequests.refuse(health.getHealthService().bindService()))
                        .addService(authenticated(ProtoReflectionServiceV1.newInstance()))
                        .intercept(drainGate)
                        // added last, so it runs first and counts the calls the drain refuses
                        .intercept(new MetricCollectingServerInterceptor(registry, counter -> counter,
                                // histogram buckets, so dashboards can compute p99 call durations
                                timer -> timer.publishPercentileHistogram(), Status.Code.OK));
                server = builder.build().start();
                if (config.metricsPort() >= 0) {
                    metricsEndpoint = MetricsEndpoint.start(config.bindHost(), config.metricsPort(), registry,
                            config.metricsRequireToken() ? tokens : null);
                }
                health.setStatus("", ServingStatus.SERVING);
                health.setStatus(dev.latm.proto.v1.LatencyServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
                if (config.calibrateAtStart()) {
                    measurer.calibrateDefaultInBackground();
                }
                LOG.info("latm server on port {} (metrics {}), engines {}, default {}, queue {}, store {}, device {}, "
                        + "predictors {}", port(), metricsEndpoint == null ? "off" : metricsEndpoint.port(),
                        engines.names(), config.defaultEngine(), config.queueCapacity(),
                        store == null ? "none" : store.path(), config.deviceId(), predictors.all().size());
                return this;
            } catch (IOException | RuntimeException e) {
                releaseAfterFailedStart();
                throw e;
            }
        }
    }

    /**
     * Undoes a {@link #start()} that failed half-way (a port taken, an unusable store path), so that
     * no port stays bound and no store stays open; {@link #stop()} is then a no-op. The scheduler
     * needs nothing: its worker thread starts with the first measurement.
     */
    private void releaseAfterFailedStart() {
        stopped = true;
        if (server != null) {
            try {
                server.shutdownNow().awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeResources();
    }

    /** Closes what {@link #start()} opened besides the gRPC server, whichever of it was opened. */
    private void closeResources() {
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
        closeReferences();
        if (store != null) {
            store.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    /**
     * Closes the warm reference candidates, once the worker is done with them. A worker still inside a
     * step it could not be stopped in would use a closed reference, so then they are left to the JVM.
     */
    private void closeReferences() {
        if (timing != null && !scheduler.busy()) {
            timing.close();
        } else if (timing != null) {
            LOG.warn("the measurement worker is still busy: the reference networks are left open");
        }
    }

    /**
     * The service behind the bearer-token check when the server has a token; the check comes first, so
     * an unauthenticated call is refused before its bytes are read.
     */
    private ServerServiceDefinition authenticated(BindableService service) {
        ServerServiceDefinition decoded = UndecodableRequests.refuse(service.bindService());
        return tokens == null ? decoded : ServerInterceptors.intercept(decoded, new TokenAuthInterceptor(tokens));
    }

    /** The bound gRPC port (useful when configured with port 0); -1 for in-process servers. */
    public int port() {
        synchronized (lock) {
            return server == null ? -1 : server.getPort();
        }
    }

    /** The bound metrics port, or -1 when the endpoint is off. */
    public int metricsPort() {
        synchronized (lock) {
            return metricsEndpoint == null ? -1 : metricsEndpoint.port();
        }
    }

    /** The registry behind /metrics, for tests and the embedded mode. */
    public PrometheusMeterRegistry registry() {
        synchronized (lock) {
            return registry;
        }
    }

    /**
     * Graceful shutdown within the grace period plus {@link #STOP_MARGIN}: NOT_SERVING (health keeps
     * answering through the drain), new calls refused with UNAVAILABLE, queued measurements dropped,
     * the running one allowed to finish within the grace period and then stopped (its caller gets
     * UNAVAILABLE even if a build step cannot be interrupted), calls in flight finished, then the ports
     * closed and the store. Idempotent.
     */
    public void stop() throws InterruptedException {
        stopWithinGrace();
    }

    /** {@link #stop()}; false when the running measurement was left inside a step that could not be stopped. */
    boolean stopWithinGrace() throws InterruptedException {
        synchronized (lock) {
            if (!started || stopped) {
                return true;
            }
            stopped = true;
            long graceNanos = config.shutdownGrace().toNanos();
            long deadline = System.nanoTime() + graceNanos;
            health.setStatus("", ServingStatus.NOT_SERVING);
            health.setStatus(dev.latm.proto.v1.LatencyServiceGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
            drainGate.close();
            boolean workerStopped = scheduler.shutdown(graceNanos, TimeUnit.NANOSECONDS);
            if (!workerStopped) {
                LOG.warn("the running measurement did not stop within the grace period of {} s; its caller was "
                        + "answered UNAVAILABLE", config.shutdownGrace().toSeconds());
            }
            health.enterTerminalState();
            server.shutdown();
            // calls in flight (Analyze, Export, answers just given) get what is left of the grace period plus
            // most of the rest of the margin to finish and flush their answers; then they are cut
            long margin = STOP_MARGIN.minus(MeasurementScheduler.STOP_MARGIN).toNanos();
            long left = Math.max(0, deadline - System.nanoTime());
            if (!server.awaitTermination(left + margin * 4 / 5, TimeUnit.NANOSECONDS)) {
                server.shutdownNow();
                server.awaitTermination(margin / 5, TimeUnit.NANOSECONDS);
            }
            closeResources();
            LOG.info("latm server stopped");
            return workerStopped;
        }
    }

    public void blockUntilShutdown() throws InterruptedException {
        Server running;
        synchronized (lock) {
            running = server;
        }
        if (running != null) {
            running.awaitTermination();
        }
    }

    /**
     * Stops on SIGTERM and SIGINT and then ends the JVM, for a server process: drains within the grace
     * period plus {@link #STOP_MARGIN} before any JVM shutdown hook runs (see {@code ShutdownSignals} for
     * why the order matters to ONNX Runtime). {@link #stopOnJvmShutdown()} still covers other exits.
     */
    public LatmServer stopOnSignals() {
        ShutdownSignals.install(this);
        return stopOnJvmShutdown();
    }

    /**
     * Ends the process (status 3) when an {@link OutOfMemoryError} escapes every request's own handling
     * and kills a thread, for a server process: a server must not go on half alive. Requests that run
     * out of memory are answered RESOURCE_EXHAUSTED and the server goes on.
     */
    public LatmServer exitOnEscapedOutOfMemory() {
        EscapedOutOfMemory.install();
        return this;
    }

    /** Runs {@link #stop()} when the JVM shuts down for any other reason (System.exit, SIGHUP). */
    public LatmServer stopOnJvmShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("shutdown failed", e);
            }
        }, "latm-shutdown"));
        return this;
    }
}
