// CacheBias: does timing a candidate beside others (a reference, a window) bias its own median?
//
// Run:   bench/run CacheBias [--models mobilenet_v3_small,mobilenet_v3_large,mnasnet_a1,mobilenet_v2]
//                           [--random N] [--engine onnxruntime] [--reference mobilenet_v3_small]
//                           [--blocks 1,4,16] [--window 8] [--rounds 5] [--precision 0.005]
// Takes minutes (every model measured to --precision in every mode, --rounds times). Needs a QUIET
// machine: the bias looked for is a few percent, far less than a shared host's drift between modes.
//
// One idea (issue 10): alternating with a reference network, or cycling through a window of
// candidates, evicts a candidate's weights from the caches between its runs, so its own run times may
// be slower than when it runs back to back. Each round times every model in every mode, the modes in a
// fresh random order per round so that drift spreads over all of them:
//   alone      back to back (latm before anchoring; the unbiased reference point)
//   abba / kN  anchored to the reference in blocks of N runs each (abba = 1: C R, R C, ...)
//   window     all models interleaved with the reference, a window of --window (as MeasureBatch)
// It reports, per model and mode, the median over rounds of the candidate's own median and its bias
// against `alone`, and for the anchored modes the round-to-round range of the ratio to the reference
// (max / min over rounds: the reproducibility each scheme buys at that bias). Pick the scheme with the
// best reproducibility at a bias you can state; latm's default is abba (AnchorPlan.ABBA).
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
import dev.latm.runtime.timing.Clock;
import dev.latm.runtime.timing.InterleavePlan;
import dev.latm.runtime.timing.InterleavedJob;
import dev.latm.runtime.timing.InterleavedListener;
import dev.latm.runtime.timing.InterleavedRunner;
import dev.latm.runtime.timing.JitCompilationTime;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.runtime.timing.WarmupPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

public class CacheBias {

    /** Per round: the candidate's own median and, anchored, its ratio to the reference. */
    record Observation(double medianMs, double relative) {
    }

    public static void main(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Engine engine = EngineRegistry.standard().get(flags.getOrDefault("engine", "onnxruntime"));
        List<Integer> blocks = Arrays.stream(flags.getOrDefault("blocks", "1,4,16").split(","))
                .map(Integer::parseInt).toList();
        int window = Integer.parseInt(flags.getOrDefault("window", "8"));
        int rounds = Integer.parseInt(flags.getOrDefault("rounds", "5"));
        TimingPlan plan = TimingPlan.DEFAULT.withPrecision(Double.parseDouble(flags.getOrDefault("precision", "0.005")))
                .withRuns(100, 20_000);
        Map<String, CompiledArchitecture> models = models(flags);
        CompiledArchitecture referenceNetwork = CompiledArchitecture.compile(
                Presets.get(flags.getOrDefault("reference", "mobilenet_v3_small")), Limits.DEFAULT, 0, 1);

        List<String> modes = new ArrayList<>(List.of("alone"));
        blocks.forEach(k -> modes.add(k == 1 ? "abba" : "k" + k));
        modes.add("window");
        Map<String, Map<String, List<Observation>>> seen = new LinkedHashMap<>(); // model -> mode -> rounds
        TimingHarness harness = new TimingHarness();
        Random order = new Random(10);
        try (Candidate reference = engine.build(referenceNetwork, EngineOptions.DEFAULT)) {
            harness.measureBuilt(reference, plan, WarmupPolicy.DEFAULT, () -> false); // warm, once
            for (int round = 1; round <= rounds; round++) {
                List<String> shuffled = new ArrayList<>(modes);
                Collections.shuffle(shuffled, order);
                for (String mode : shuffled) {
                    if (mode.equals("window")) {
                        window(engine, models, reference, plan, window, order, seen);
                        continue;
                    }
                    for (Map.Entry<String, CompiledArchitecture> model : models.entrySet()) {
                        Measurement m = mode.equals("alone")
                                ? harness.measure(() -> engine.build(model.getValue(), EngineOptions.DEFAULT), plan,
                                WarmupPolicy.DEFAULT, () -> false)
                                : harness.measureAnchored(() -> engine.build(model.getValue(), EngineOptions.DEFAULT),
                                reference, plan, WarmupPolicy.DEFAULT, new AnchorPlan(blockRuns(mode)), () -> false);
                        record(seen, model.getKey(), mode, m);
                    }
                }
                System.out.printf("round %d of %d done (modes %s)%n", round, rounds, shuffled);
            }
        }
        report(seen, modes);
    }

    private static int blockRuns(String mode) {
        return mode.equals("abba") ? 1 : Integer.parseInt(mode.substring(1));
    }

    /** Every model at once, interleaved with the reference as MeasureBatch times them. */
    private static void window(Engine engine, Map<String, CompiledArchitecture> models, Candidate reference,
                               TimingPlan plan, int window, Random order,
                               Map<String, Map<String, List<Observation>>> seen) {
        List<String> names = new ArrayList<>(models.keySet());
        List<InterleavedJob> jobs = names.stream().map(name -> new InterleavedJob(
                () -> engine.build(models.get(name), EngineOptions.DEFAULT), 0)).toList();
        new InterleavedRunner(Clock.SYSTEM, JitCompilationTime.SYSTEM, new Random(order.nextLong())).run(jobs,
                Optional.of(reference), plan, WarmupPolicy.DEFAULT, new InterleavePlan(window, Long.MAX_VALUE),
                new InterleavedListener() {
                    @Override
                    public void completed(int index, Measurement measurement) {
                        record(seen, names.get(index), "window", measurement);
                    }

                    @Override
                    public void failed(int index, RuntimeException failure) {
                        throw failure;
                    }
                }, () -> false);
    }

    private static void record(Map<String, Map<String, List<Observation>>> seen, String model, String mode,
                               Measurement m) {
        double relative = m.relative().map(r -> r.median()).orElse(Double.NaN);
        seen.computeIfAbsent(model, k -> new LinkedHashMap<>()).computeIfAbsent(mode, k -> new ArrayList<>())
                .add(new Observation(m.stats().medianMs(), relative));
    }

    private static void report(Map<String, Map<String, List<Observation>>> seen, List<String> modes) {
        System.out.printf("%n%-22s %-7s %12s %10s %18s%n", "model", "mode", "median ms", "bias", "ratio range");
        for (Map.Entry<String, Map<String, List<Observation>>> model : seen.entrySet()) {
            double alone = median(model.getValue().get("alone").stream().mapToDouble(Observation::medianMs).toArray());
            for (String mode : modes) {
                List<Observation> rounds = model.getValue().get(mode);
                double ms = median(rounds.stream().mapToDouble(Observation::medianMs).toArray());
                double[] ratios = rounds.stream().mapToDouble(Observation::relative).toArray();
                String range = mode.equals("alone") ? "" : String.format("%.4f", Arrays.stream(ratios).max()
                        .orElseThrow() / Arrays.stream(ratios).min().orElseThrow());
                System.out.printf("%-22s %-7s %12.4f %+9.2f%% %18s%n", model.getKey(), mode, ms,
                        100 * (ms / alone - 1), range);
            }
        }
    }

    /** --random N architectures of the bundled search space, or the --models presets, at 224, batch 1. */
    private static Map<String, CompiledArchitecture> models(Map<String, String> flags) {
        Map<String, CompiledArchitecture> models = new LinkedHashMap<>();
        if (flags.containsKey("random")) {
            SearchSpace space = SearchSpace.bundled();
            SplittableRandom random = new SplittableRandom(20261129L);
            for (int i = 0; i < Integer.parseInt(flags.get("random")); i++) {
                Architecture architecture = space.decode(space.sample(random), "random_" + i);
                models.put(architecture.getName(), CompiledArchitecture.compile(architecture, Limits.DEFAULT, 0, 1));
            }
            return models;
        }
        for (String preset : flags.getOrDefault("models",
                "mobilenet_v3_small,mobilenet_v3_large,mnasnet_a1,mobilenet_v2").split(",")) {
            models.put(preset, CompiledArchitecture.compile(Presets.get(preset), Limits.DEFAULT, 0, 1));
        }
        return models;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
