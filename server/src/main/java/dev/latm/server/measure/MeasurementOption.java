package dev.latm.server.measure;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.runtime.timing.WarmupPolicy;
import dev.latm.server.ServerConfig;
import dev.latm.server.measure.OptionRule.Bound;
import dev.latm.server.measure.OptionRule.Range;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The measurement options, one entry each: the one place that says what an option is called on the
 * wire ({@code latm.v1.MeasurementOptions}) and on the command line, what it defaults to, what it
 * allows and what it means. The server resolves requests from it ({@link OptionsResolver}), the CLI
 * builds its flags and their help from it, and GetDeviceInfo reports its defaults.
 *
 * <p>Adding an option is its proto field plus one entry here; {@code MeasurementOptionTest} fails
 * while a field has no entry. Entries are resolved in declaration order, so a default that depends on
 * another option ({@code min_runs} on {@code max_runs}) comes after it.
 *
 * <p>The timing defaults are the harness's designed method, {@link TimingPlan#DEFAULT}: the numbers
 * are written there once and only referred to here.
 */
public enum MeasurementOption {
    ENGINE("engine", "--engine", "NAME", "Engine that builds and runs the network.",
            Default.serverSetting(c -> c.config().defaultEngine()), OptionRule.ENGINE),
    THREADS("threads", "--threads", "N", "Intra-op threads.",
            Default.serverSetting(c -> c.config().defaultThreads()), Range.of(Bound.atLeast(1), Bound.atMost(256))),
    BATCH("batch", "--batch", "N", "Batch size.",
            Default.ARCHITECTURES, OptionRule.WITH_ARCHITECTURE),
    RESOLUTION("resolution", "--resolution", "N", "Input resolution.",
            Default.ARCHITECTURES, OptionRule.WITH_ARCHITECTURE),
    PRECISION("precision", "--precision", "X",
            "Stop timing once the 95% confidence interval of the median is within this fraction of it (0.01 = 1%).",
            Default.fixed(c -> TimingPlan.DEFAULT.precision()), Range.of(Bound.above(0), Bound.below(1))),
    MAX_RUNS("max_runs", "--max-runs", "N", "Most timed runs.",
            Default.serverSetting(c -> Math.min(TimingPlan.DEFAULT.maxRuns(), c.config().maxRuns())),
            Range.of(Bound.atLeastOption("min_runs", c -> c.resolved().getMinRuns()),
                    Bound.serverLimit(c -> c.config().maxRuns()))),
    MIN_RUNS("min_runs", "--min-runs", "N", "Timed runs before the precision is judged.",
            Default.fixed(c -> Math.min(TimingPlan.DEFAULT.minRuns(), c.resolved().getMaxRuns())),
            Range.of(Bound.atLeast(1), null)),
    MAX_SECONDS("max_seconds", "--max-seconds", "S", "Longest timed phase, in seconds (warm-up has as long again).",
            Default.serverSetting(c -> Math.min(TimingPlan.DEFAULT.maxTime().toMillis() / 1000.0,
                    c.config().maxSeconds())),
            // a millisecond at least: a positive time under a nanosecond rounds to none, which no plan can time
            Range.of(Bound.atLeast(0.001), Bound.serverLimit(c -> c.config().maxSeconds()))),
    WARMUP_RUNS("warmup_runs", "--warmup-runs", "N", "Untimed warm-up runs at least.",
            Default.fixed(c -> TimingPlan.DEFAULT.warmupMinRuns()),
            Range.of(Bound.atLeast(1), Bound.serverLimit(c -> c.config().maxRuns()))),
    WARMUP_SECONDS("warmup_seconds", "--warmup-seconds", "S", "Warm-up time at least, in seconds.",
            Default.fixed(c -> TimingPlan.DEFAULT.warmupMinTime().toNanos() / 1e9),
            // warm-up is bounded by max_seconds too, so a longer minimum could never be met
            Range.of(Bound.above(0), Bound.atMostOption("max_seconds", c -> c.resolved().getMaxSeconds()))),
    REFERENCE("reference", "--reference", "NAME",
            "Reference network timed in alternation with the candidate: LAT(m) is their ratio times the device's "
                    + "calibrated latency of it, which the host's drift cannot move; none times the candidate alone.",
            Default.serverSetting(c -> c.config().defaultReference()), OptionRule.REFERENCE),
    WARMUP_BUDGET_SECONDS("warmup_budget_seconds", "--warmup-budget-seconds", "S",
            "Longest warm-up in seconds: after the minimums, warm up until the run times (ratios, when anchored) "
                    + "show no trend and the JIT is quiet; 0 = the minimums only. Anchored by default; "
                    + OptionRule.number(seconds(WarmupPolicy.ALONE_BUDGET)) + " with --reference none.",
            // within max_seconds, and never negative: an invalid max_seconds is reported once, by itself
            Default.fixed(c -> Math.max(0, Math.min(c.resolved().getMaxSeconds(), seconds(
                    ServerConfig.NO_REFERENCE.equals(c.resolved().getReference())
                            ? WarmupPolicy.ALONE_BUDGET : WarmupPolicy.DEFAULT.budget())))),
            // bounded by max_seconds too, like every warm-up
            Range.of(Bound.atLeast(0), Bound.atMostOption("max_seconds", c -> c.resolved().getMaxSeconds()))),
    INTERLEAVE("interleave", "--interleave", "N",
            "Batches: candidates timed side by side, round robin in a fresh random order each round; 1 = one at "
                    + "a time.",
            Default.serverSetting(c -> Math.min(MeasurementOption.DEFAULT_INTERLEAVE, c.config().maxInterleave())),
            Range.of(Bound.atLeast(1), Bound.serverLimit(c -> c.config().maxInterleave()))),
    PROFILE("profile", "--profile", null, "Also profile every layer (slower).", Default.NONE, OptionRule.ANY),
    RETURN_SAMPLES("return_samples", "--samples", null, "Return every timed run's latency.", Default.NONE,
            OptionRule.ANY),
    FORCE("force", "--force", null, "Measure again even if the result store has this measurement.", Default.NONE,
            OptionRule.ANY),
    SEED("seed", "--seed", "N", "Seed of the generated weights and input.",
            Default.fixed(c -> EngineOptions.DEFAULT_SEED), OptionRule.ANY);

    /**
     * Window of an interleaved batch by default. Each round times the window's candidates plus one
     * reference run, so W candidates cost W + 1 runs per ratio where one at a time costs 2: at 8 the
     * reference adds 12% instead of 100%. A larger window shares the same drift among more candidates but
     * delays every result (a candidate's rounds take W + 1 runs), holds more memory, and gains little
     * more: with 8 the window's other networks already evict a candidate's weights from the caches as
     * thoroughly as 30 would.
     */
    public static final int DEFAULT_INTERLEAVE = 8;

    private final FieldDescriptor field;
    private final String flag;
    private final String label;
    private final String description;
    private final Default defaultValue;
    private final OptionRule rule;

    MeasurementOption(String wireName, String flag, String label, String description, Default defaultValue,
                      OptionRule rule) {
        this.field = MeasurementOptions.getDescriptor().findFieldByName(wireName);
        if (field == null) {
            throw new IllegalStateException("latm.v1.MeasurementOptions has no field " + wireName);
        }
        this.flag = flag;
        this.label = label;
        this.description = description;
        this.defaultValue = defaultValue;
        this.rule = rule;
    }

    /** The proto field, e.g. {@code min_runs}. */
    public FieldDescriptor field() {
        return field;
    }

    /** Its path in a request, as violations name it: {@code options.min_runs}. */
    public String path() {
        return "options." + field.getName();
    }

    /** The CLI flag, e.g. {@code --min-runs}. */
    public String flag() {
        return flag;
    }

    /** The flag's parameter label ({@code N}, {@code S}, ...), or null for a switch. */
    public String label() {
        return label;
    }

    /** What the option means, without its default or range (those are added where shown). */
    public String description() {
        return description;
    }

    /** How an unset (zero) value is filled in. */
    public Default defaultValue() {
        return defaultValue;
    }

    /** What values are allowed. */
    public OptionRule rule() {
        return rule;
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** The option of wire field {@code name}. */
    public static MeasurementOption byWireName(String name) {
        return Arrays.stream(values()).filter(o -> o.field.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no measurement option " + name));
    }

    /**
     * What an unset option (proto3: its zero value) becomes.
     *
     * @param value         the value, from the server's settings and the options resolved before this
     *                      one; null when zero keeps a meaning of its own
     * @param serverSetting whether the value is the server's to choose, so a remote server may differ
     *                      from the in-process one
     * @param zeroMeans     what zero means when {@code value} is null (the architecture's); empty for a
     *                      switch, which is simply off
     */
    public record Default(Function<OptionContext, Object> value, boolean serverSetting, String zeroMeans) {
        static final Default NONE = new Default(null, false, "");
        static final Default ARCHITECTURES = new Default(null, false, "the architecture's");

        static Default fixed(Function<OptionContext, Object> value) {
            return new Default(value, false, "");
        }

        static Default serverSetting(Function<OptionContext, Object> value) {
            return new Default(value, true, "");
        }
    }
}
