package dev.latm.server;

import dev.latm.model.spec.Limits;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.server.security.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a latm server is started with. The CLI fills it from flags, which default to the
 * {@code LATM_*} environment variables a container sets. Built by name only ({@link #builder()},
 * {@link #toBuilder()}): seventeen settings, many of one type, must not be told apart by position.
 */
public final class ServerConfig {
    public static final int DEFAULT_PORT = 50051;
    public static final int DEFAULT_METRICS_PORT = 9464;

    private final String bindHost;
    private final int port;
    private final int metricsPort;
    private final String defaultEngine;
    private final int defaultThreads;
    private final int queueCapacity;
    private final Path storePath;
    private final TlsConfig tls;
    private final String authToken;
    private final Limits limits;
    private final int maxRuns;
    private final double maxSeconds;
    private final int maxBatchSize;
    private final int maxMessageBytes;
    private final String deviceId;
    private final Duration shutdownGrace;
    private final List<Path> predictors;

    private ServerConfig(Builder b) {
        if (b.defaultThreads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1 (got " + b.defaultThreads + ")");
        }
        if (b.queueCapacity < 1) {
            throw new IllegalArgumentException("--queue must be >= 1 (got " + b.queueCapacity + ")");
        }
        // the timing harness preallocates max_runs samples, so the server cannot allow more than it takes
        if (b.maxRuns < 1 || b.maxRuns > TimingPlan.MAX_RUNS_LIMIT) {
            throw new IllegalArgumentException("--max-runs must be in [1, " + TimingPlan.MAX_RUNS_LIMIT + "] (got "
                    + b.maxRuns + ")");
        }
        if (!(b.maxSeconds > 0) || b.maxBatchSize < 1) {
            throw new IllegalArgumentException("--max-seconds and --max-batch-size must be positive");
        }
        this.bindHost = Objects.requireNonNull(b.bindHost, "bindHost");
        this.port = b.port;
        this.metricsPort = b.metricsPort;
        this.defaultEngine = Objects.requireNonNull(b.defaultEngine, "defaultEngine");
        this.defaultThreads = b.defaultThreads;
        this.queueCapacity = b.queueCapacity;
        this.storePath = b.storePath;
        this.tls = b.tls;
        this.authToken = b.authToken;
        this.limits = Objects.requireNonNull(b.limits, "limits");
        this.maxRuns = b.maxRuns;
        this.maxSeconds = b.maxSeconds;
        this.maxBatchSize = b.maxBatchSize;
        this.maxMessageBytes = b.maxMessageBytes;
        this.deviceId = Objects.requireNonNull(b.deviceId, "deviceId");
        this.shutdownGrace = Objects.requireNonNull(b.shutdownGrace, "shutdownGrace");
        this.predictors = List.copyOf(b.predictors);
    }

    /**
     * A loopback server on free ports, metrics off, no store, no TLS, the default engine on one thread:
     * what tests and the in-process mode start from.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change a few settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Address to listen on; loopback by default, 0.0.0.0 in containers. */
    public String bindHost() {
        return bindHost;
    }

    /** gRPC port; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** Prometheus port; 0 picks a free one, -1 disables the endpoint. */
    public int metricsPort() {
        return metricsPort;
    }

    /** Engine used when a request names none. */
    public String defaultEngine() {
        return defaultEngine;
    }

    /** Intra-op threads when a request names none. */
    public int defaultThreads() {
        return defaultThreads;
    }

    /** Measurements that may wait behind the running one. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** SQLite result store; null keeps no store. */
    public Path storePath() {
        return storePath;
    }

    /** TLS (and mutual TLS) settings; null for plaintext. */
    public TlsConfig tls() {
        return tls;
    }

    /** Required bearer token; null for none. */
    public String authToken() {
        return authToken;
    }

    /** Architecture limits, checked before anything is built. */
    public Limits limits() {
        return limits;
    }

    /** Upper bound on a request's max_runs. */
    public int maxRuns() {
        return maxRuns;
    }

    /** Upper bound on a request's max_seconds. */
    public double maxSeconds() {
        return maxSeconds;
    }

    /** Most architectures in one MeasureBatch request. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /** Largest inbound gRPC message. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Name of this device in every result. */
    public String deviceId() {
        return deviceId;
    }

    /** How long in-flight work may finish on shutdown. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** Latency predictor files the Predict RPC serves (built by {@code latm predictor build}). */
    public List<Path> predictors() {
        return predictors;
    }

    /** Sets settings by name; {@link #build()} checks them together. */
    public static final class Builder {
        private String bindHost = "127.0.0.1";
        private int port;
        private int metricsPort = -1;
        private String defaultEngine = EngineRegistry.DEFAULT_ENGINE;
        private int defaultThreads = 1;
        private int queueCapacity = 64;
        private Path storePath;
        private TlsConfig tls;
        private String authToken;
        private Limits limits = Limits.DEFAULT;
        private int maxRuns = 100_000;
        private double maxSeconds = 600;
        private int maxBatchSize = 1000;
        private int maxMessageBytes = 16 << 20;
        private String deviceId = DeviceIds.local();
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private List<Path> predictors = List.of();

        private Builder() {
        }

        private Builder(ServerConfig c) {
            bindHost = c.bindHost;
            port = c.port;
            metricsPort = c.metricsPort;
            defaultEngine = c.defaultEngine;
            defaultThreads = c.defaultThreads;
            queueCapacity = c.queueCapacity;
            storePath = c.storePath;
            tls = c.tls;
            authToken = c.authToken;
            limits = c.limits;
            maxRuns = c.maxRuns;
            maxSeconds = c.maxSeconds;
            maxBatchSize = c.maxBatchSize;
            maxMessageBytes = c.maxMessageBytes;
            deviceId = c.deviceId;
            shutdownGrace = c.shutdownGrace;
            predictors = c.predictors;
        }

        public Builder bindHost(String host) {
            this.bindHost = host;
            return this;
        }

        public Builder port(int grpcPort) {
            this.port = grpcPort;
            return this;
        }

        public Builder metricsPort(int prometheusPort) {
            this.metricsPort = prometheusPort;
            return this;
        }

        public Builder defaultEngine(String engine) {
            this.defaultEngine = engine;
            return this;
        }

        public Builder defaultThreads(int threads) {
            this.defaultThreads = threads;
            return this;
        }

        public Builder queueCapacity(int capacity) {
            this.queueCapacity = capacity;
            return this;
        }

        /** @param path the SQLite store, or null to keep none */
        public Builder store(Path path) {
            this.storePath = path;
            return this;
        }

        /** @param config TLS settings, or null for plaintext */
        public Builder tls(TlsConfig config) {
            this.tls = config;
            return this;
        }

        /** @param token the bearer token every call must carry, or null for none */
        public Builder authToken(String token) {
            this.authToken = token;
            return this;
        }

        public Builder limits(Limits architectureLimits) {
            this.limits = architectureLimits;
            return this;
        }

        public Builder maxRuns(int runs) {
            this.maxRuns = runs;
            return this;
        }

        public Builder maxSeconds(double seconds) {
            this.maxSeconds = seconds;
            return this;
        }

        public Builder maxBatchSize(int architectures) {
            this.maxBatchSize = architectures;
            return this;
        }

        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        public Builder deviceId(String id) {
            this.deviceId = id;
            return this;
        }

        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /** @param files predictor files; each must be of this device and its engines' versions */
        public Builder predictors(List<Path> files) {
            this.predictors = List.copyOf(files);
            return this;
        }

        /** @throws IllegalArgumentException naming the flag of a setting out of range */
        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
