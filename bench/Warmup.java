// Warmup: does a measurement in a fresh JVM report the steady state? One call = one fresh JVM.
//
// Run:   bench/run Warmup --model M --engine E --policy minimum|steady   (one call; M = a preset or random:SEED)
//        bench/warmup.sh [--models mobilenet_v3_large,mobilenet_v3_small] [--engines java,onnxruntime]
//                        [--policies minimum,steady] [--calls 10] [--reference mobilenet_v3_small]
// One call of this program is one fresh JVM, as `./latm measure` and a server's first request are;
// bench/warmup.sh makes many calls, interleaved, and summarises them:
//   bench/run Warmup --model M --engine E --policy minimum|steady [--reference R]
//                                   [--settle-seconds 20]
//
// One idea: the first measurement in a fresh JVM is only right if it matches what the same candidate
// measures once it is certainly warm. So the call measures the candidate with the chosen warm-up
// policy (`minimum` = 10 runs and 0.2 s as before, `steady` = WarmupPolicy.DEFAULT), then, in the
// same process, builds it again, runs it untimed for --settle-seconds, and measures that steady
// state to 0.5%. It prints one line: the first median over the steady one (with --reference, the first
// LAT over the steady LAT, i.e. the ratio of their relatives: the raw ratio beside it), the warm-up's outcome,
// runs and time, the timed runs the stopping rule needed, the measurement's time on the device after
// build (first run, warm-up and timed runs: measure_ms) and the stationarity verdict. With
// --reference, both measurements are anchored to a calibrated reference network and the line adds
// the normalised latencies (relative x the calibrated reference median). Figures need a quiet
// machine: on a shared host the drift between the two measurements is larger than the effect.
import dev.latm.cli.search.SearchSpace;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.timing.AnchorPlan;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.runtime.timing.WarmupPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

public class Warmup {

    /** A preset, or {@code random:SEED}: the bundled search space's network drawn with that seed. */
    static Architecture architecture(String model) {
        if (model.startsWith("random:")) {
            SearchSpace space = SearchSpace.bundled();
            long seed = Long.parseLong(model.substring("random:".length()));
            return space.decode(space.sample(new SplittableRandom(seed)), "random_" + seed);
        }
        return Presets.get(model);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String model = flags.getOrDefault("model", "mobilenet_v3_large");
        Engine engine = EngineRegistry.standard().get(flags.getOrDefault("engine", "java"));
        String policyName = flags.getOrDefault("policy", "steady");
        // steady: the server's budget, 10 s anchored and 3 s alone (MeasurementOption)
        WarmupPolicy policy = switch (policyName) {
            case "steady" -> flags.containsKey("reference") ? WarmupPolicy.DEFAULT
                    : WarmupPolicy.DEFAULT.withBudget(WarmupPolicy.ALONE_BUDGET);
            case "minimum" -> WarmupPolicy.MINIMUM_ONLY;
            default -> throw new IllegalArgumentException("--policy must be steady or minimum");
        };
        double settleSeconds = Double.parseDouble(flags.getOrDefault("settle-seconds", "20"));
        CompiledArchitecture compiled = CompiledArchitecture.compile(architecture(model), Limits.DEFAULT, 224, 1);
        TimingHarness harness = new TimingHarness();
        TimingPlan plan = TimingPlan.DEFAULT;

        Candidate reference = null;
        double baselineMs = Double.NaN;
        if (flags.containsKey("reference")) {
            reference = engine.build(CompiledArchitecture.compile(Presets.get(flags.get("reference")),
                    Limits.DEFAULT, 224, 1), EngineOptions.DEFAULT);
            baselineMs = harness.measureBuilt(reference, plan, WarmupPolicy.DEFAULT, () -> false).stats().medianMs();
        }
        try {
            Measurement first = measure(harness, () -> engine.build(compiled, EngineOptions.DEFAULT), reference,
                    plan, policy);
            try (Candidate warm = engine.build(compiled, EngineOptions.DEFAULT)) {
                long settleEnd = System.nanoTime() + (long) (settleSeconds * 1e9);
                while (System.nanoTime() < settleEnd) {
                    warm.run();
                }
                // the harness closes what its builder returns; Candidate.close() is idempotent
                Measurement steady = measure(harness, () -> warm, reference, plan.withPrecision(0.005),
                        WarmupPolicy.MINIMUM_ONLY);
                double raw = first.stats().medianMs() / steady.stats().medianMs();
                // anchored, LAT(m) is the normalised figure, and only its ratio is free of the host's drift
                // between the two measurements (tens of seconds apart)
                double judged = reference == null ? raw
                        : first.relative().orElseThrow().median() / steady.relative().orElseThrow().median();
                System.out.printf("model=%s engine=%s policy=%s first_ms=%.4f steady_ms=%.4f first_over_steady=%.4f"
                                + " raw_first_over_steady=%.4f warmup=%s warmup_runs=%d warmup_ms=%.0f timed_runs=%d"
                                + " measure_ms=%.0f stop=%s stationary=%s discarded=%d%s%n",
                        model, engine.name(), policyName, first.stats().medianMs(), steady.stats().medianMs(),
                        judged, raw, first.warmupOutcome(),
                        first.warmupRuns(), first.warmupMs(), first.stats().runs(),
                        first.firstRunMs() + first.warmupMs() + first.timedMs(), first.stopReason(),
                        first.stationarity().stationary(), first.stationarity().discardedRuns(),
                        reference == null ? "" : String.format(" first_normalized_ms=%.4f steady_normalized_ms=%.4f",
                                first.relative().orElseThrow().median() * baselineMs,
                                steady.relative().orElseThrow().median() * baselineMs));
            }
        } finally {
            if (reference != null) {
                reference.close();
            }
        }
    }

    /** Alone, or anchored to {@code reference} when there is one (which stays open). */
    private static Measurement measure(TimingHarness harness, java.util.concurrent.Callable<Candidate> builder,
                                       Candidate reference, TimingPlan plan, WarmupPolicy policy) {
        if (reference != null) {
            return harness.measureAnchored(builder, reference, plan, policy, AnchorPlan.ABBA, () -> false);
        }
        return harness.measure(builder, plan, policy, () -> false);
    }
}
