package dev.latm.server.measure;

import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the server's defaults to a request's options and checks them, reporting every problem
 * at once with its field path ({@code options.min_runs}), as architecture validation does.
 * Batch and resolution are resolved later, against the architecture they override.
 */
public final class OptionsResolver {
    public static final double DEFAULT_PRECISION = 0.01;
    public static final int DEFAULT_MIN_RUNS = 50;
    public static final int DEFAULT_MAX_RUNS = 5000;
    public static final double DEFAULT_MAX_SECONDS = 30;
    public static final int DEFAULT_WARMUP_RUNS = 10;
    public static final double DEFAULT_WARMUP_SECONDS = 0.2;
    private static final int MAX_THREADS = 256;

    private final Set<String> engines;
    private final String defaultEngine;
    private final int defaultThreads;
    private final int maxRuns;
    private final double maxSeconds;

    public OptionsResolver(Set<String> engines, String defaultEngine, int defaultThreads, int maxRuns,
                           double maxSeconds) {
        this.engines = Set.copyOf(engines);
        this.defaultEngine = defaultEngine;
        this.defaultThreads = defaultThreads;
        this.maxRuns = maxRuns;
        this.maxSeconds = maxSeconds;
    }

    /** The defaults, as GetDeviceInfo reports them. */
    public MeasurementOptions defaults() {
        return resolve(MeasurementOptions.getDefaultInstance()).toProto();
    }

    /** @throws InvalidArchitectureException with one violation per bad option */
    public ResolvedOptions resolve(MeasurementOptions options) {
        List<Violation> violations = new ArrayList<>();
        String engine = options.getEngine().isEmpty() ? defaultEngine : options.getEngine();
        if (!engines.contains(engine)) {
            violations.add(Violation.invalid("options.engine", "must be one of " + String.join(", ",
                    engines.stream().sorted().toList()) + " (got '" + engine + "')"));
        }
        int threads = options.getThreads() == 0 ? defaultThreads : options.getThreads();
        if (threads < 1 || threads > MAX_THREADS) {
            violations.add(Violation.invalid("options.threads", "must be in [1, " + MAX_THREADS + "] or 0 for the "
                    + "server default " + defaultThreads + " (got " + threads + ")"));
        }
        double precision = options.getPrecision() == 0 ? DEFAULT_PRECISION : options.getPrecision();
        if (!(precision > 0 && precision < 1)) {
            violations.add(Violation.invalid("options.precision", "must be in (0, 1), e.g. 0.01 for 1% (got "
                    + options.getPrecision() + ")"));
        }
        int runsCap = Math.min(DEFAULT_MAX_RUNS, maxRuns);
        int max = options.getMaxRuns() == 0 ? runsCap : options.getMaxRuns();
        int min = options.getMinRuns() == 0 ? Math.min(DEFAULT_MIN_RUNS, max) : options.getMinRuns();
        if (min < 1) {
            violations.add(Violation.invalid("options.min_runs", "must be >= 1 (got " + min + ")"));
        }
        if (max > maxRuns) {
            violations.add(Violation.overLimit("options.max_runs", "must be at most the server limit " + maxRuns
                    + " (got " + max + ")"));
        } else if (max < min) {
            violations.add(Violation.invalid("options.max_runs", "must be >= min_runs " + min + " (got " + max + ")"));
        }
        double seconds = options.getMaxSeconds() == 0 ? Math.min(DEFAULT_MAX_SECONDS, maxSeconds)
                : options.getMaxSeconds();
        if (seconds > maxSeconds) {
            violations.add(Violation.overLimit("options.max_seconds", "must be at most the server limit "
                    + maxSeconds + " (got " + seconds + ")"));
        } else if (!(seconds > 0)) {
            violations.add(Violation.invalid("options.max_seconds", "must be > 0 (got " + seconds + ")"));
        }
        int warmupRuns = options.getWarmupRuns() == 0 ? DEFAULT_WARMUP_RUNS : options.getWarmupRuns();
        if (warmupRuns < 1 || warmupRuns > maxRuns) {
            violations.add(Violation.invalid("options.warmup_runs", "must be in [1, " + maxRuns + "] (got "
                    + warmupRuns + ")"));
        }
        double warmupSeconds = options.getWarmupSeconds() == 0 ? DEFAULT_WARMUP_SECONDS : options.getWarmupSeconds();
        if (!(warmupSeconds > 0 && warmupSeconds <= maxSeconds)) {
            violations.add(Violation.invalid("options.warmup_seconds", "must be in (0, " + maxSeconds + "] (got "
                    + warmupSeconds + ")"));
        }
        if (options.getBatch() < 0) {
            violations.add(Violation.invalid("options.batch", "must be >= 1, or 0 for the architecture's (got "
                    + options.getBatch() + ")"));
        }
        if (options.getResolution() < 0) {
            violations.add(Violation.invalid("options.resolution", "must be >= 32, or 0 for the architecture's (got "
                    + options.getResolution() + ")"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidArchitectureException(violations);
        }
        long seed = options.getSeed() == 0 ? EngineOptions.DEFAULT_SEED : options.getSeed();
        return new ResolvedOptions(engine, threads, options.getBatch(), options.getResolution(), precision, min, max,
                seconds, warmupRuns, warmupSeconds, options.getProfile(), options.getReturnSamples(),
                options.getForce(), seed);
    }
}
