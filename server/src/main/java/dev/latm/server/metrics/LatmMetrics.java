package dev.latm.server.metrics;

import com.google.common.util.concurrent.AtomicDouble;
import dev.latm.runtime.Dtype;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * latm's own meters, named in one place and registered up front so every series exists at zero
 * before the first request (a dashboard shows 0, not "no data"). Prometheus names follow from the
 * Micrometer names: {@code latm.measurements} becomes {@code latm_measurements_total}, timers are
 * in seconds.
 */
public final class LatmMetrics {
    /** {@code latm_measurements_total{engine,outcome}}: requests for one measurement, by how they ended. */
    public static final String MEASUREMENTS = "latm.measurements";
    /** {@code latm_measurement_duration_seconds}: a whole measurement request, queueing included. */
    public static final String MEASUREMENT_DURATION = "latm.measurement.duration";
    /** {@code latm_measured_latency_seconds{engine,dtype}}: the LAT(m) values (lat_ms) measured. */
    public static final String MEASURED_LATENCY = "latm.measured.latency";
    /**
     * {@code latm_build_duration_seconds{engine,dtype}}: building a candidate (graph + session; for int8,
     * calibration too).
     */
    public static final String BUILD_DURATION = "latm.build.duration";
    /** {@code latm_queue_depth}: measurements waiting behind the one running. */
    public static final String QUEUE_DEPTH = "latm.queue.depth";
    /** {@code latm_queue_capacity}: how many may wait before RESOURCE_EXHAUSTED. */
    public static final String QUEUE_CAPACITY = "latm.queue.capacity";
    /** {@code latm_store_hits_total}: measurements answered from the result store. */
    public static final String STORE_HITS = "latm.store.hits";
    /**
     * {@code latm_reference_latency_seconds{engine}}: the reference network's median during the latest
     * anchored measurement (or calibration); 0 before the first.
     */
    public static final String REFERENCE_LATENCY = "latm.reference.latency";
    /**
     * {@code latm_device_speed_ratio{engine}}: that median over the device's calibrated baseline, how
     * much slower than at calibration the device ran (1.15 = 15% slower); 0 before the first.
     */
    public static final String DEVICE_SPEED_RATIO = "latm.device.speed.ratio";
    /**
     * {@code latm_nonstationary_measurements_total{engine}}: measurements whose timed series (ratios, when
     * anchored) had a level shift they report rather than average away.
     */
    public static final String NONSTATIONARY = "latm.nonstationary.measurements";
    /** {@code latm_warmups_total{engine,outcome}}: how warm-ups ended, {@code steady} or {@code budget_exhausted}. */
    public static final String WARMUPS = "latm.warmups";

    /**
     * {@code latm_predictor_abs_error_percent{predictor}}: histogram of |predicted / measured - 1|, in percent,
     * each time a loaded predictor is re-checked against a measurement of its configuration. Percent, not
     * a ratio: Micrometer files a summary's values into buckets by their ceiling as a whole number, so
     * buckets at whole percents (1, 2, 5, 10, 20, 50, 100) are exact and buckets at fractions would not be.
     */
    public static final String PREDICTOR_ERROR = "latm.predictor.abs.error";
    /**
     * {@code latm_predictor_within_10_ratio{predictor}}: share of the latest re-checks (up to 100) within
     * +-10%. NaN until the first: a predictor nothing has checked yet is neither good nor stale, and an
     * alert on {@code < 0.9} must not fire at start-up.
     */
    public static final String PREDICTOR_WITHIN_10 = "latm.predictor.within.10.ratio";
    /** {@code latm_predictor_checks_total{predictor}}: re-checks against fresh measurements. */
    public static final String PREDICTOR_CHECKS = "latm.predictor.checks";
    /** {@code latm_predictor_predictions_total{predictor}}: architectures the Predict RPC answered. */
    public static final String PREDICTOR_PREDICTIONS = "latm.predictor.predictions";

    /** The bucket bounds of {@link #PREDICTOR_ERROR} in percent: the thresholds latency-predictor papers report. */
    private static final double[] ERROR_PERCENT_BOUNDS = {1, 2, 5, 10, 20, 50, 100};

    public static final String TAG_ENGINE = "engine";
    public static final String TAG_OUTCOME = "outcome";
    /** The numeric format, {@code float32} or {@code int8}: int8 and float32 latencies are different quantities. */
    public static final String TAG_DTYPE = "dtype";
    public static final String TAG_PREDICTOR = "predictor";

    /** How a warm-up ended; the {@code outcome} label of {@link #WARMUPS}. */
    public enum WarmupEnd {
        /** The series had settled (and the JIT had gone quiet). */
        steady,
        /** The warm-up budget ran out first. */
        budget_exhausted
    }

    /** How a measurement request ended; the {@code outcome} label. */
    public enum Outcome {
        /** Measured. */
        ok,
        /** Served from the result store. */
        stored,
        /** Invalid architecture or options. */
        invalid,
        /**
         * Over a limit, the queue was full, the engine cannot run on this host, or its reference could not
         * be calibrated.
         */
        refused,
        /** Cancelled by the client or its deadline. */
        cancelled,
        /** Dropped because the server is shutting down. */
        unavailable,
        /** The engine or the result store failed. */
        error
    }

    private final MeterRegistry registry;
    private final Map<String, Map<Outcome, Counter>> measurements = new HashMap<>();
    private final Map<String, Map<Dtype, Timer>> latencies = new HashMap<>();
    private final Map<String, Map<Dtype, Timer>> builds = new HashMap<>();
    private final Map<String, AtomicDouble> referenceLatency = new HashMap<>();
    private final Map<String, AtomicDouble> speedRatio = new HashMap<>();
    private final Map<String, Counter> nonstationary = new HashMap<>();
    private final Map<String, Map<WarmupEnd, Counter>> warmups = new HashMap<>();
    private final Timer measurementDuration;
    private final Counter storeHits;

    /**
     * Registers every meter for the given engines, and the JVM and process binders.
     *
     * @param engines    every engine by name, with the numeric formats it runs (a latency series per pair)
     * @param queueDepth supplies the current queue depth when scraped
     */
    public LatmMetrics(MeterRegistry registry, Map<String, Set<Dtype>> engines, IntSupplier queueDepth,
                       int queueCapacity) {
        this.registry = registry;
        conformToPrometheusNaming(registry);
        for (Map.Entry<String, Set<Dtype>> entry : engines.entrySet()) {
            String engine = entry.getKey();
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder(MEASUREMENTS).description("Measurement requests by outcome")
                        .tag(TAG_ENGINE, engine).tag(TAG_OUTCOME, outcome.name()).register(registry));
            }
            measurements.put(engine, byOutcome);
            Map<Dtype, Timer> latency = new EnumMap<>(Dtype.class);
            Map<Dtype, Timer> build = new EnumMap<>(Dtype.class);
            for (Dtype dtype : entry.getValue()) {
                latency.put(dtype, histogram(MEASURED_LATENCY,
                        "Measured LAT(m): lat_ms, normalized when anchored, else the median", engine, dtype,
                        Duration.ofMillis(1), Duration.ofSeconds(10)));
                build.put(dtype, histogram(BUILD_DURATION, "Candidate build time (graph and session creation)",
                        engine, dtype, Duration.ofMillis(1), Duration.ofSeconds(60)));
            }
            latencies.put(engine, latency);
            builds.put(engine, build);
            referenceLatency.put(engine, gauge(REFERENCE_LATENCY, "seconds",
                    "The reference network's median in the latest anchored measurement", engine));
            speedRatio.put(engine, gauge(DEVICE_SPEED_RATIO, null,
                    "The reference's latest median over the device's calibrated baseline (1 = as calibrated)", engine));
            nonstationary.put(engine, Counter.builder(NONSTATIONARY)
                    .description("Measurements whose timed series had a level shift").tag(TAG_ENGINE, engine)
                    .register(registry));
            Map<WarmupEnd, Counter> byEnd = new EnumMap<>(WarmupEnd.class);
            for (WarmupEnd end : WarmupEnd.values()) {
                byEnd.put(end, Counter.builder(WARMUPS).description("Warm-ups by how they ended")
                        .tag(TAG_ENGINE, engine).tag(TAG_OUTCOME, end.name()).register(registry));
            }
            warmups.put(engine, byEnd);
        }
        measurementDuration = Timer.builder(MEASUREMENT_DURATION)
                .description("Whole measurement request, queueing included")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        storeHits = Counter.builder(STORE_HITS).description("Measurements answered from the result store")
                .register(registry);
        Gauge.builder(QUEUE_DEPTH, queueDepth::getAsInt).description("Measurements waiting in the queue")
                .register(registry);
        Gauge.builder(QUEUE_CAPACITY, () -> queueCapacity).description("Capacity of the measurement queue")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * Adjusts the few third-party meters that {@code promtool check metrics} flags, so that /metrics
     * lints clean: gRPC's camelCase tag keys become snake_case; a gauge ending in {@code _count}, which
     * Prometheus reserves for histograms and summaries, is renamed; and the process CPU time, counted in
     * nanoseconds where Prometheus wants seconds, is dropped ({@code process_cpu_usage} remains).
     * Filters apply to meters registered after them, so this runs before any meter is registered.
     */
    private static void conformToPrometheusNaming(MeterRegistry registry) {
        registry.config()
                .meterFilter(MeterFilter.renameTag("grpc", "methodType", "method_type"))
                .meterFilter(MeterFilter.renameTag("grpc", "statusCode", "status_code"))
                .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical") : id;
                    }
                });
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The meters of one loaded predictor.
     *
     * @param error       |predicted / measured - 1| per re-check, recorded as a ratio (the meter scales it)
     * @param checks      re-checks
     * @param predictions architectures predicted
     */
    public record PredictorMeters(DistributionSummary error, Counter checks, Counter predictions) {
    }

    /**
     * Registers a loaded predictor's meters, at start-up, so its series exist before any traffic.
     *
     * @param recentWithin10 the share of its latest re-checks within +-10%, read when scraped
     */
    public PredictorMeters predictor(String id, DoubleSupplier recentWithin10) {
        Gauge.builder(PREDICTOR_WITHIN_10, recentWithin10::getAsDouble).tag(TAG_PREDICTOR, id)
                .description("Share of the latest re-checks of the predictor (up to 100) within +-10%; NaN before "
                        + "the first").register(registry);
        return new PredictorMeters(
                DistributionSummary.builder(PREDICTOR_ERROR).tag(TAG_PREDICTOR, id).baseUnit("percent").scale(100)
                        .description("|predicted / measured - 1| of the predictor against fresh measurements")
                        .serviceLevelObjectives(ERROR_PERCENT_BOUNDS).register(registry),
                Counter.builder(PREDICTOR_CHECKS).tag(TAG_PREDICTOR, id)
                        .description("Re-checks of the predictor against fresh measurements").register(registry),
                Counter.builder(PREDICTOR_PREDICTIONS).tag(TAG_PREDICTOR, id)
                        .description("Architectures predicted by the Predict RPC").register(registry));
    }

    public void outcome(String engine, Outcome outcome) {
        Map<Outcome, Counter> byOutcome = measurements.get(engine);
        if (byOutcome != null) {
            byOutcome.get(outcome).increment();
        }
        if (outcome == Outcome.stored) {
            storeHits.increment();
        }
    }

    public void measuredLatency(String engine, Dtype dtype, double latMs) {
        record(latencies, engine, dtype, latMs);
    }

    public void build(String engine, Dtype dtype, double buildMs) {
        record(builds, engine, dtype, buildMs);
    }

    /**
     * The reference's median in a measurement (or calibration) of {@code engine}, and that median over the
     * device's baseline.
     */
    public void reference(String engine, double medianMs, double speedRatio) {
        AtomicDouble latency = referenceLatency.get(engine);
        if (latency != null) {
            latency.set(medianMs / 1e3);
            this.speedRatio.get(engine).set(speedRatio);
        }
    }

    /** How a measurement's warm-up ended, and whether its timed series kept one level. */
    public void measurementSeries(String engine, WarmupEnd warmup, boolean stationary) {
        Map<WarmupEnd, Counter> byEnd = warmups.get(engine);
        if (byEnd != null) {
            byEnd.get(warmup).increment();
            if (!stationary) {
                nonstationary.get(engine).increment();
            }
        }
    }

    public void requestDuration(long nanos) {
        measurementDuration.record(Duration.ofNanos(nanos));
    }

    private AtomicDouble gauge(String name, String baseUnit, String description, String engine) {
        AtomicDouble value = new AtomicDouble();
        Gauge.builder(name, value, AtomicDouble::get).description(description).baseUnit(baseUnit)
                .tag(TAG_ENGINE, engine).strongReference(true).register(registry);
        return value;
    }

    private Timer histogram(String name, String description, String engine, Dtype dtype, Duration min,
                            Duration max) {
        return Timer.builder(name).description(description).tag(TAG_ENGINE, engine)
                .tag(TAG_DTYPE, dtype.label()).publishPercentileHistogram()
                .minimumExpectedValue(min).maximumExpectedValue(max).register(registry);
    }

    private static void record(Map<String, Map<Dtype, Timer>> timers, String engine, Dtype dtype, double millis) {
        Timer timer = timers.getOrDefault(engine, Map.of()).get(dtype);
        if (timer != null) {
            timer.record(Duration.ofNanos(Math.round(millis * 1e6)));
        }
    }
}
