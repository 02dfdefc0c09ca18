// DesignClaims: the MobileNetV3 paper's design claims and int8's speed-up, measured on this device.
//
// Run:   bench/run DesignClaims [--rounds 5] [--threads 1] [--out design_claims.png] [--seed 1] [--quick]
//        (bench/design_claims.sh runs it; --rounds 1 --quick is a smoke run, not a figure)
// Takes roughly 1-1.5 minutes per round on an idle 2-core machine, so 5-8 minutes at --rounds 5 (22
// configurations, each built, warmed up to its steady state and timed until the 95% CI of its median is
// within 1%; an int8 build includes its calibration, 0.5-1 s); the run prints what it took. Run it on an
// idle machine.
//
// One idea: design claims are differences of a few percent, which a shared host's drift (+-30%
// between calls) would swamp unless every configuration is measured side by side. So every round
// measures every configuration once (in a fresh seeded random order), and each configuration's
// result is the median of its round medians, with the spread of the round medians next to it. A
// difference is called only when the two spreads do not overlap. Configurations are interleaved by
// whole measurements, not by single runs: 22 networks run in turn would never find their weights in
// the cache, which would time them all cold and overstate int8 (a quarter of float32's bytes).
//
// Configurations, all on ONNX Runtime in float32 and int8 at batch 1: MobileNetV3-Large with h-swish,
// swish and ReLU (224), its original last stage (224 and 160, against the efficient one), its 32-filter
// ReLU stem (224), and every other preset (224) for int8's speed-up. The paper's figures are its own
// device's (Pixel phones, TFLite, one large core), printed next to this device's, never mixed.
import dev.latm.cli.plot.Axis;
import dev.latm.cli.plot.Figure;
import dev.latm.cli.plot.Panel;
import dev.latm.cli.plot.Reference;
import dev.latm.cli.plot.Series;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.DesignVariants;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.NamedArchitectures;
import dev.latm.model.spec.Presets;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.PrecisionReport;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.runtime.timing.WarmupPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

public class DesignClaims {
    static final String LARGE = DesignVariants.BASELINE;

    record Config(String name, int resolution, Dtype dtype) {
        String label() {
            return name + " @" + resolution + " " + dtype.name().toLowerCase(Locale.ROOT);
        }
    }

    /** A configuration's round medians: its median, and their range. */
    record Result(double medianMs, double lowMs, double highMs, long macs) {
        static Result of(List<Double> rounds, long macs) {
            double[] sorted = rounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Result(median, sorted[0], sorted[n - 1], macs);
        }
    }

    /** What the paper says of the alternative to its choice. */
    enum Expect {
        /** The alternative is slower. */
        SLOWER,
        /** The alternative is faster, but by little: the choice costs at most {@link #LITTLE} more. */
        LITTLE_FASTER
    }

    /** What "little" is for {@link Expect#LITTLE_FASTER}: the paper's h-swish costs 1.8% over ReLU. */
    static final double LITTLE = 0.05;
    /** Fewer rounds give no spread to judge a difference by. */
    static final int ROUNDS_FOR_A_VERDICT = 3;

    /** One claim: {@code alternative} against the paper's choice; {@code paper}: its figure, on its device. */
    record Claim(String claim, String chosen, String alternative, int resolution, String paper, Expect expect) {
    }

    static final List<Claim> CLAIMS = List.of(
            new Claim("swish in h-swish's places", LARGE, DesignVariants.SWISH, 224,
                    "slower: sigmoid is costly on mobile; in quantized mode h-swish also avoids the approximate "
                            + "sigmoid's precision loss (no latency figure given)", Expect.SLOWER),
            new Claim("ReLU in h-swish's places", LARGE, DesignVariants.RELU, 224,
                    "ReLU 0.9 ms (1.8%) faster: 50.5 vs 51.4 ms on Pixel 1 (Table 5); h-swish buys +0.7% top-1",
                    Expect.LITTLE_FASTER),
            new Claim("original last stage, 224", LARGE, DesignVariants.ORIGINAL_LAST_STAGE, 224,
                    "7 ms slower, 11% of the running time; 30M more MAdds (Pixel 1)", Expect.SLOWER),
            new Claim("original last stage, 160", LARGE, DesignVariants.ORIGINAL_LAST_STAGE, 160,
                    "not reported at 160", Expect.SLOWER),
            new Claim("32-filter ReLU stem", LARGE, DesignVariants.RELU_STEM_32, 224,
                    "2 ms slower, 10M more MAdds (arXiv v1: 3 ms)", Expect.SLOWER));

    /** The paper's int8 speed-ups, float32 (Table 3) over quantized (Table 4), on Pixel 1 / 2 / 3. */
    static final Map<String, String> PAPER_INT8 = Map.of(
            "mobilenet_v3_large", "1.16x / 1.44x / 1.39x (51/44, 61/42.5, 44/31.7 ms)",
            "mobilenet_v3_small", "1.02x / 1.30x / 1.35x (15.8/15.5, 19.4/14.9, 14.4/10.7 ms)",
            "mobilenet_v2", "1.23x / 1.57x / 1.51x (64/52, 76/48.3, 56/37.0 ms)");

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Map<String, String> flags = flags(args);
        int rounds = Integer.parseInt(flags.getOrDefault("rounds", "5"));
        int threads = Integer.parseInt(flags.getOrDefault("threads", "1"));
        if (rounds < 1 || threads < 1) {
            throw new IllegalArgumentException("--rounds and --threads must be >= 1 (got " + rounds + ", " + threads
                    + ")");
        }
        Path out = Path.of(flags.getOrDefault("out", "design_claims.png"));
        boolean quick = flags.containsKey("quick");
        Random order = new Random(Long.parseLong(flags.getOrDefault("seed", "1")));
        // quick: a smoke run of the whole path (every configuration, the tables, the chart), not a figure
        TimingPlan plan = quick ? new TimingPlan(2, Duration.ofMillis(10), 5, 10, Duration.ofSeconds(2), 0.05, false)
                : TimingPlan.DEFAULT;
        WarmupPolicy warmup = quick ? WarmupPolicy.MINIMUM_ONLY : WarmupPolicy.DEFAULT;

        List<Config> configs = configs();
        Engine engine = EngineRegistry.standard().get("onnxruntime");
        TimingHarness harness = new TimingHarness();
        Map<Config, CompiledArchitecture> compiled = new LinkedHashMap<>();
        Map<Config, List<Double>> medians = new LinkedHashMap<>();
        for (Config config : configs) {
            compiled.put(config, CompiledArchitecture.compile(NamedArchitectures.get(config.name(), 1.0),
                    Limits.DEFAULT, config.resolution(), 1));
            medians.put(config, new ArrayList<>());
        }
        System.out.printf("# %s, %d thread(s), ONNX Runtime %s, int8 form %s%n", cpuModel(), threads,
                engine.version(), engine.quantization(Dtype.INT8));
        System.out.printf("# %d round(s) of %d configurations, each round in a fresh random order; plan %s%s%n",
                rounds, configs.size(), plan, quick ? " (--quick: a smoke run, not a figure)" : "");
        for (int round = 1; round <= rounds; round++) {
            List<Config> shuffled = new ArrayList<>(configs);
            Collections.shuffle(shuffled, order);
            for (Config config : shuffled) {
                EngineOptions options = EngineOptions.DEFAULT.withThreads(threads).withDtype(config.dtype());
                Measurement m = harness.measure(() -> engine.build(compiled.get(config), options), plan, warmup,
                        () -> false);
                medians.get(config).add(m.stats().medianMs());
                System.err.printf("round %d  %-48s median %8.3f ms  (%d runs, CI +-%.2f%%, build %.0f ms)%n", round,
                        config.label(), m.stats().medianMs(), m.stats().runs(), 100 * m.stats().ciHalfWidthRel(),
                        m.buildMs());
            }
        }
        Map<Config, Result> results = new LinkedHashMap<>();
        medians.forEach((config, values) -> results.put(config, Result.of(values, compiled.get(config).cost().macs())));

        printConfigurations(results);
        printClaims(results, rounds >= ROUNDS_FOR_A_VERDICT);
        printInt8(results, engine, compiled, threads);
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        chart(results).writePng(out);
        System.out.printf("%nchart: %s; took %.0f s%n", out.toAbsolutePath(), (System.nanoTime() - start) / 1e9);
    }

    static List<Config> configs() {
        List<Config> configs = new ArrayList<>();
        for (Dtype dtype : Dtype.values()) {
            for (String name : DesignVariants.names()) {
                configs.add(new Config(name, 224, dtype));
            }
            configs.add(new Config(LARGE, 160, dtype));
            configs.add(new Config(DesignVariants.ORIGINAL_LAST_STAGE, 160, dtype));
            for (String preset : Presets.names()) {
                if (!preset.equals(LARGE)) {
                    configs.add(new Config(preset, 224, dtype));
                }
            }
        }
        return configs;
    }

    static void printConfigurations(Map<Config, Result> results) {
        System.out.printf("%n| configuration | median ms | round spread ms | MACs |%n|---|---|---|---|%n");
        results.forEach((config, r) -> System.out.printf("| %s | %.3f | %.3f-%.3f | %.1fM |%n", config.label(),
                r.medianMs(), r.lowMs(), r.highMs(), r.macs() / 1e6));
    }

    static void printClaims(Map<Config, Result> results, boolean judge) {
        System.out.printf("%n| MobileNetV3-Large, against the paper's choice | the paper (its device) | MACs here "
                + "| float32 here | int8 here |%n|---|---|---|---|---|%n");
        for (Claim claim : CLAIMS) {
            Result chosen32 = results.get(new Config(claim.chosen(), claim.resolution(), Dtype.FLOAT32));
            StringBuilder row = new StringBuilder("| " + claim.claim() + " | " + claim.paper() + " | "
                    + String.format("%+.1fM", (results.get(new Config(claim.alternative(), claim.resolution(),
                    Dtype.FLOAT32)).macs() - chosen32.macs()) / 1e6) + " |");
            for (Dtype dtype : Dtype.values()) {
                Result chosen = results.get(new Config(claim.chosen(), claim.resolution(), dtype));
                Result alternative = results.get(new Config(claim.alternative(), claim.resolution(), dtype));
                row.append(' ').append(difference(alternative, chosen, judge ? claim.expect() : null)).append(" |");
            }
            System.out.println(row);
        }
    }

    /**
     * {@code +0.41 ms (+9.8%), holds}: how much slower the alternative is here, and whether that agrees with
     * the paper, decided only when the two configurations' round spreads say so ({@code expect} null: no
     * verdict, too few rounds).
     */
    static String difference(Result alternative, Result chosen, Expect expect) {
        double ms = alternative.medianMs() - chosen.medianMs();
        String text = String.format("%+.3f ms (%+.1f%%)", ms, 100 * ms / chosen.medianMs());
        if (expect == null) {
            return text + ", no verdict from fewer than " + ROUNDS_FOR_A_VERDICT + " rounds";
        }
        boolean slower = alternative.lowMs() > chosen.highMs();
        boolean faster = alternative.highMs() < chosen.lowMs();
        String verdict = switch (expect) {
            case SLOWER -> slower ? "holds"
                    : faster ? "does not hold: faster here" : "unclear: within the round spread";
            // the choice may cost a little: it fails only when even its fastest round is more than LITTLE slower
            case LITTLE_FASTER -> chosen.lowMs() > (1 + LITTLE) * alternative.highMs()
                    ? "does not hold: the choice costs more than " + Math.round(100 * LITTLE) + "% here"
                    : slower ? "holds, and the alternative is even slower here" : "holds";
        };
        return text + ", " + verdict;
    }

    static void printInt8(Map<Config, Result> results, Engine engine, Map<Config, CompiledArchitecture> compiled,
                          int threads) {
        System.out.printf("%n| network @224 | float32 ms | int8 ms | int8 speed-up here | the paper's (Pixel 1 / 2 / 3)"
                + " | int8 kernels, float fallbacks, conversions |%n|---|---|---|---|---|---|%n");
        for (String name : int8Names()) {
            Result float32 = results.get(new Config(name, 224, Dtype.FLOAT32));
            Config int8Config = new Config(name, 224, Dtype.INT8);
            Result int8 = results.get(int8Config);
            // kernel counts are what ran, not a timing: a short profile says them exactly
            PrecisionReport report = engine.profile(compiled.get(int8Config),
                    EngineOptions.DEFAULT.withThreads(threads).withDtype(Dtype.INT8), 2).precision();
            System.out.printf("| %s | %.3f | %.3f | %.2fx (%.2f-%.2fx) | %s | %d, %d, %d |%n", name, float32.medianMs(),
                    int8.medianMs(), float32.medianMs() / int8.medianMs(), float32.lowMs() / int8.highMs(),
                    float32.highMs() / int8.lowMs(), PAPER_INT8.getOrDefault(name, "not reported"),
                    report.count(PrecisionReport.Precision.INT8), report.count(PrecisionReport.Precision.FLOAT),
                    report.count(PrecisionReport.Precision.CONVERSION));
        }
    }

    /** The presets, then the design variants: every network measured at 224 in both formats. */
    static List<String> int8Names() {
        List<String> names = new ArrayList<>(Presets.names());
        DesignVariants.names().stream().filter(n -> !names.contains(n)).forEach(names::add);
        return names;
    }

    static Figure chart(Map<Config, Result> results) {
        List<String> variants = List.of(LARGE, DesignVariants.SWISH, DesignVariants.RELU,
                DesignVariants.ORIGINAL_LAST_STAGE, DesignVariants.RELU_STEM_32);
        List<String> variantLabels = List.of("h-swish", "swish", "ReLU", "orig. last", "32 ReLU stem");
        Panel designs = Panel.bars("MobileNetV3-Large variants, 224", variantLabels, Axis.linear("LAT (ms)"));
        Panel at160 = Panel.bars("last stage, 160", List.of("efficient", "original"), Axis.linear("LAT (ms)"));
        for (Dtype dtype : Dtype.values()) {
            String label = dtype.name().toLowerCase(Locale.ROOT);
            designs = designs.with(Series.bars(label, variants.stream()
                    .mapToDouble(v -> results.get(new Config(v, 224, dtype)).medianMs()).toArray()));
            at160 = at160.with(Series.bars(label, results.get(new Config(LARGE, 160, dtype)).medianMs(),
                    results.get(new Config(DesignVariants.ORIGINAL_LAST_STAGE, 160, dtype)).medianMs()));
        }
        List<String> presets = Presets.names();
        List<String> presetLabels = presets.stream().map(p -> p.replace("mobilenet_", "")).toList();
        Panel speedUp = Panel.bars("int8 speed-up, 224", presetLabels, Axis.linear("float32 / int8"))
                .with(Series.bars("this device", presets.stream().mapToDouble(p ->
                        results.get(new Config(p, 224, Dtype.FLOAT32)).medianMs()
                                / results.get(new Config(p, 224, Dtype.INT8)).medianMs()).toArray()))
                .with(Reference.horizontal("no speed-up", 1));
        return Figure.of(designs, at160, speedUp).withColumns(3);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                flags.put("quick", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length
                    && List.of("--rounds", "--threads", "--out", "--seed").contains(args[i])) {
                flags.put(args[i].substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("usage: bench/run DesignClaims [--rounds N] [--threads N] "
                        + "[--out FILE.png] [--seed N] [--quick] (got " + Arrays.toString(args) + ")");
            }
        }
        return flags;
    }
}
