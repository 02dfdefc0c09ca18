package dev.latm.server;

import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.server.security.TlsConfig;
import dev.latm.server.security.TokenCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a latm server is started with. The CLI fills it from flags, which default to the
 * {@code LATM_*} environment variables a container sets. Built by name only ({@link #builder()},
 * {@link #toBuilder()}): two dozen settings, many of one type, must not be told apart by position.
 */
public final class ServerConfig {
    public static final int DEFAULT_PORT = 50051;
    public static final int DEFAULT_METRICS_PORT = 9464;
    /** The reference network anchored measurements alternate with when a request names none. */
    public static final String DEFAULT_REFERENCE = "mobilenet_v3_small";
    /** What a request or the server names to measure without a reference. */
    public static final String NO_REFERENCE = "none";

    /**
     * How the device's reference baseline is calibrated: the reference alone, at least 500 timed runs
     * within 10 s. Its precision, 3%, is the largest level shift a calibration tolerates (a larger one
     * fails the stationarity check, and the attempt is retried): a scale error that small is shared by
     * every normalized result of the device, whereas a host shifting by more during the attempt puts
     * the scale on a level it may never return to. The 500 runs, not the precision target, make the
     * baseline tight: about +-0.5% (95% CI of the median) at 5% run-to-run noise; a stricter
     * stationarity threshold failed most attempts on a shared host, whose speed shifts by a few percent
     * within seconds.
     */
    public static final TimingPlan CALIBRATION = new TimingPlan(10, Duration.ofMillis(200), 500, 20_000,
            Duration.ofSeconds(10), 0.03, false);

    /**
     * The settings, in a private copy of the builder that nothing changes after {@link Builder#build()}: the
     * one list of them, which {@link #toBuilder()} copies again.
     */
    private final Builder settings;

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
        if (b.maxExportBytes < 1) {
            throw new IllegalArgumentException("--max-export-bytes must be positive (got " + b.maxExportBytes + ")");
        }
        if (b.metricsRequireToken && b.authToken == null) {
            throw new IllegalArgumentException("--metrics-require-token needs the token of --auth-token-file");
        }
        if (b.authFailureDelay.isNegative()) {
            throw new IllegalArgumentException("the auth failure delay must not be negative (got "
                    + b.authFailureDelay + ")");
        }
        Objects.requireNonNull(b.defaultReference, "defaultReference");
        if (!b.defaultReference.equals(NO_REFERENCE) && !Presets.names().contains(b.defaultReference)) {
            throw new IllegalArgumentException("--reference must be a preset name (" + String.join(", ",
                    Presets.names()) + ") or " + NO_REFERENCE + " (got '" + b.defaultReference + "')");
        }
        if (b.maxInterleave < 1 || b.maxInterleaveBytes < 0) {
            throw new IllegalArgumentException("--max-interleave must be >= 1 and --max-interleave-bytes >= 0 (got "
                    + b.maxInterleave + ", " + b.maxInterleaveBytes + ")");
        }
        Objects.requireNonNull(b.bindHost, "bindHost");
        Objects.requireNonNull(b.defaultEngine, "defaultEngine");
        Objects.requireNonNull(b.limits, "limits");
        Objects.requireNonNull(b.deviceId, "deviceId");
        Objects.requireNonNull(b.shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(b.calibration, "calibration");
        this.settings = b.copy();
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
        return settings.copy();
    }

    /** Address to listen on; loopback by default, 0.0.0.0 in containers. */
    public String bindHost() {
        return settings.bindHost;
    }

    /** gRPC port; 0 picks a free one. */
    public int port() {
        return settings.port;
    }

    /** Prometheus port; 0 picks a free one, -1 disables the endpoint. */
    public int metricsPort() {
        return settings.metricsPort;
    }

    /** Engine used when a request names none. */
    public String defaultEngine() {
        return settings.defaultEngine;
    }

    /** Intra-op threads when a request names none. */
    public int defaultThreads() {
        return settings.defaultThreads;
    }

    /** Measurements that may wait behind the running one. */
    public int queueCapacity() {
        return settings.queueCapacity;
    }

    /**
     * SQLite store of results and of the device's reference baselines; null keeps none (baselines are
     * then calibrated once per process).
     */
    public Path storePath() {
        return settings.storePath;
    }

    /**
     * Whether measured results are kept in the store and served from it; false keeps only the
     * baselines there (the CLI's in-process server without {@code --store}: it always measures, but
     * separate calls share one calibrated scale).
     */
    public boolean keepResults() {
        return settings.keepResults;
    }

    /** TLS (and mutual TLS) settings; null for plaintext. */
    public TlsConfig tls() {
        return settings.tls;
    }

    /** Required bearer token; null for none. */
    public String authToken() {
        return settings.authToken;
    }

    /** How long a call with a wrong bearer token waits for its refusal, to slow down guessing. */
    public Duration authFailureDelay() {
        return settings.authFailureDelay;
    }

    /** Whether /metrics requires the bearer token too (it is open by default, for scrapers). */
    public boolean metricsRequireToken() {
        return settings.metricsRequireToken;
    }

    /**
     * Architecture limits, checked before anything is built; by default max_params and
     * max_activation_bytes follow from this JVM's memory ({@link MemoryBudget}).
     */
    public Limits limits() {
        return settings.limits;
    }

    /** Upper bound on a request's max_runs. */
    public int maxRuns() {
        return settings.maxRuns;
    }

    /** Upper bound on a request's max_seconds. */
    public double maxSeconds() {
        return settings.maxSeconds;
    }

    /** Most architectures in one MeasureBatch request. */
    public int maxBatchSize() {
        return settings.maxBatchSize;
    }

    /** Largest inbound gRPC message. */
    public int maxMessageBytes() {
        return settings.maxMessageBytes;
    }

    /** Largest ONNX model one Export returns, and the most all exports in progress hold at once. */
    public long maxExportBytes() {
        return settings.maxExportBytes;
    }

    /** Name of this device in every result. */
    public String deviceId() {
        return settings.deviceId;
    }

    /** How long in-flight work may finish on shutdown. */
    public Duration shutdownGrace() {
        return settings.shutdownGrace;
    }

    /** The reference (a preset name, or {@value #NO_REFERENCE}) of requests that name none. */
    public String defaultReference() {
        return settings.defaultReference;
    }

    /** Largest MeasureBatch window a request may ask for (options.interleave). */
    public int maxInterleave() {
        return settings.maxInterleave;
    }

    /** Most weight and activation bytes (float32) the candidates of one MeasureBatch window hold together. */
    public long maxInterleaveBytes() {
        return settings.maxInterleaveBytes;
    }

    /** How a reference baseline is calibrated ({@link #CALIBRATION}; tests make it cheaper). */
    public TimingPlan calibration() {
        return settings.calibration;
    }

    /**
     * Whether {@link LatmServer#start()} queues a calibration of the default configuration (default
     * reference, engine and threads) when the store has no baseline for it yet, so that the first
     * anchored request does not wait for it. Off by default: it creates the default engine, which the
     * CLI's in-process server must not do before a request names one.
     */
    public boolean calibrateAtStart() {
        return settings.calibrateAtStart;
    }

    /** Latency predictor files the Predict RPC serves (built by {@code latm predictor build}). */
    public List<Path> predictors() {
        return settings.predictors;
    }

    /** Sets settings by name; {@link #build()} checks them together. */
    public static final class Builder implements Cloneable {
        private String bindHost = "127.0.0.1";
        private int port;
        private int metricsPort = -1;
        private String defaultEngine = EngineRegistry.DEFAULT_ENGINE;
        private int defaultThreads = 1;
        private int queueCapacity = 64;
        private Path storePath;
        private TlsConfig tls;
        private String authToken;
        private Duration authFailureDelay = TokenCheck.DEFAULT_FAILURE_DELAY;
        private boolean metricsRequireToken;
        // what this JVM's memory holds (MemoryBudget), never more than the fixed defaults
        private Limits limits = MemoryBudget.ofThisJvm().limits(Limits.DEFAULT);
        private int maxRuns = 100_000;
        private double maxSeconds = 600;
        private int maxBatchSize = 1000;
        private int maxMessageBytes = 16 << 20;
        private long maxExportBytes = MemoryBudget.ofThisJvm().maxExportBytes();
        private String deviceId = DeviceIds.local();
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private String defaultReference = DEFAULT_REFERENCE;
        private int maxInterleave = 32;
        // 8 MobileNetV3-Large (22 MB of float32 weights, ~5 MB of activations each) fit 4 times over
        private long maxInterleaveBytes = 1L << 30;
        private TimingPlan calibration = CALIBRATION;
        private boolean calibrateAtStart;
        private boolean keepResults = true;
        private List<Path> predictors = List.of();

        private Builder() {
        }

        /** A field-by-field copy: every setting is an immutable value, so sharing them is safe. */
        private Builder copy() {
            try {
                return (Builder) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError("a Builder is Cloneable", e);
            }
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

        /** @param delay how long a wrong bearer token waits for its UNAUTHENTICATED (or 401) */
        public Builder authFailureDelay(Duration delay) {
            this.authFailureDelay = delay;
            return this;
        }

        /** @param required whether /metrics requires the bearer token of {@link #authToken} */
        public Builder metricsRequireToken(boolean required) {
            this.metricsRequireToken = required;
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

        public Builder maxExportBytes(long bytes) {
            this.maxExportBytes = bytes;
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

        /** @param reference a preset name, or {@value ServerConfig#NO_REFERENCE} */
        public Builder defaultReference(String reference) {
            this.defaultReference = reference;
            return this;
        }

        public Builder maxInterleave(int candidates) {
            this.maxInterleave = candidates;
            return this;
        }

        public Builder maxInterleaveBytes(long bytes) {
            this.maxInterleaveBytes = bytes;
            return this;
        }

        public Builder calibration(TimingPlan plan) {
            this.calibration = plan;
            return this;
        }

        public Builder calibrateAtStart(boolean calibrate) {
            this.calibrateAtStart = calibrate;
            return this;
        }

        /** @param keep false keeps only the baselines in the store (see {@link ServerConfig#keepResults()}) */
        public Builder keepResults(boolean keep) {
            this.keepResults = keep;
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
