package dev.latm.server;

import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.timing.Clock;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.server.measure.MeasurementScheduler;
import dev.latm.server.measure.Measurer;
import dev.latm.server.measure.OptionsResolver;
import dev.latm.server.metrics.LatmMetrics;
import dev.latm.server.metrics.MetricsEndpoint;
import dev.latm.server.predict.LoadedPredictors;
import dev.latm.server.predict.PredictService;
import dev.latm.server.security.TokenAuthInterceptor;
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
import java.util.concurrent.TimeUnit;
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

    private final Object lock = new Object();
    private final ServerConfig config;
    private final ServerBuilder<?> builder;
    private final EngineRegistry engines;
    private final Clock timingClock;
    private final HealthStatusManager health = new HealthStatusManager();

    private boolean started;
    private boolean stopped;
    private Server server;
    private MeasurementScheduler scheduler;
    private ResultStore store;
    private MetricsEndpoint metricsEndpoint;
    private PrometheusMeterRegistry registry;

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
                scheduler = new MeasurementScheduler(config.queueCapacity());
                store = config.storePath() == null ? null : ResultStore.open(config.storePath());
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                LatmMetrics metrics = new LatmMetrics(registry, engines.names(), scheduler::depth,
                        config.queueCapacity());
                LoadedPredictors predictors = LoadedPredictors.load(config.predictors(), config.deviceId(), engines,
                        metrics);
                OptionsResolver options = new OptionsResolver(config, engines);
                Measurer measurer = new Measurer(config, engines, options, scheduler, store, metrics,
                        new TimingHarness(timingClock), java.time.Clock.systemUTC());
                LatencyServiceImpl service = new LatencyServiceImpl(measurer, config.limits(),
                        new DeviceInfoProvider(config, engines, options.defaults(), predictors), config.maxBatchSize(),
                        predictors, new PredictService(predictors, options, config.limits()));
                builder.maxInboundMessageSize(config.maxMessageBytes())
                        .addService(authenticated(service))
                        .addService(health.getHealthService())
                        .addService(authenticated(ProtoReflectionServiceV1.newInstance()))
                        .intercept(new MetricCollectingServerInterceptor(registry, counter -> counter,
                                // histogram buckets, so dashboards can compute p99 call durations
                                timer -> timer.publishPercentileHistogram(), Status.Code.OK));
                server = builder.build().start();
                if (config.metricsPort() >= 0) {
                    metricsEndpoint = MetricsEndpoint.start(config.bindHost(), config.metricsPort(), registry);
                }
                health.setStatus("", ServingStatus.SERVING);
                health.setStatus(dev.latm.proto.v1.LatencyServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
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
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
        if (store != null) {
            store.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** The service behind the bearer-token check when the server has a token. */
    private ServerServiceDefinition authenticated(BindableService service) {
        return config.authToken() == null ? service.bindService()
                : ServerInterceptors.intercept(service, new TokenAuthInterceptor(config.authToken()));
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
     * Graceful shutdown: NOT_SERVING, stop accepting calls, let the running measurement finish (or
     * cancel it between runs) within the grace period, then close the store. Idempotent.
     */
    public void stop() throws InterruptedException {
        synchronized (lock) {
            if (!started || stopped) {
                return;
            }
            stopped = true;
            long graceMillis = config.shutdownGrace().toMillis();
            health.enterTerminalState();
            server.shutdown();
            if (!scheduler.shutdown(graceMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("the running measurement did not stop within {} ms", graceMillis);
            }
            if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
            }
            if (metricsEndpoint != null) {
                metricsEndpoint.close();
            }
            if (store != null) {
                store.close();
            }
            registry.close();
            LOG.info("latm server stopped");
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

    /** Runs {@link #stop()} on SIGTERM / Ctrl-C. */
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
