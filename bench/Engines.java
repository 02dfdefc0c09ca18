// Engines: LAT of reference networks on every engine, interleaved round by round.
//
// Run:   bench/run Engines [--models mobilenet_v3_large,mobilenet_v3_small] [--threads 1,2]
//                          [--engines onnxruntime,java] [--rounds 5] [--resolution 224] [--batch 1]
// Takes minutes (every configuration measured until its CI is within 1%, --rounds times); run it on
// an idle machine: with other processes on a 2-core machine, 2-thread figures scatter.
//
// One idea: on a shared, noisy machine only figures taken side by side are comparable. So the
// engines are interleaved: every round measures every (model, threads, engine) once with the
// timing harness (warm-up, then runs until the 95% CI of the median is within 1%), and the
// report gives, per configuration, the median over rounds of each engine's median, the spread
// of the round medians, the ratio to the first engine, the build time and the achieved GMAC/s
// against the machine's nominal peak.
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Engines {

    record Config(String model, int threads, String engine) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = flags(args);
        List<String> models = List.of(flags.getOrDefault("models", "mobilenet_v3_large,mobilenet_v3_small").split(","));
        List<Integer> threads = Arrays.stream(flags.getOrDefault("threads", "1,2").split(","))
                .map(Integer::parseInt).toList();
        EngineRegistry engines = EngineRegistry.standard();
        List<String> engineNames = flags.containsKey("engines")
                ? List.of(flags.get("engines").split(",")) : engines.names();
        int rounds = Integer.parseInt(flags.getOrDefault("rounds", "5"));
        int resolution = Integer.parseInt(flags.getOrDefault("resolution", "224"));
        int batch = Integer.parseInt(flags.getOrDefault("batch", "1"));

        TimingHarness harness = new TimingHarness();
        TimingPlan plan = TimingPlan.DEFAULT;
        Map<Config, List<double[]>> results = new LinkedHashMap<>();   // per config: {median ms, build ms}
        System.out.printf("# %s, %d logical cores, nominal peak %.1f GMAC/s per core (%s)%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), peakGmacPerCore(), peakBasis());
        System.out.printf("# %d rounds, engines interleaved; resolution %d, batch %d; plan %s%n", rounds, resolution,
                batch, plan);
        for (int round = 1; round <= rounds; round++) {
            for (String model : models) {
                CompiledArchitecture compiled = CompiledArchitecture.compile(Presets.get(model), Limits.DEFAULT,
                        resolution, batch);
                for (int t : threads) {
                    for (String name : engineNames) {
                        Engine engine = engines.get(name);
                        EngineOptions options = EngineOptions.DEFAULT.withThreads(t);
                        Measurement m = harness.measure(() -> engine.build(compiled, options), plan);
                        results.computeIfAbsent(new Config(model, t, name), k -> new ArrayList<>())
                                .add(new double[] {m.stats().medianMs(), m.buildMs()});
                        System.out.printf("round %d  %-20s %d thread(s) %-12s median %8.3f ms  (%d runs, CI +-%.2f%%)%n",
                                round, model, t, name, m.stats().medianMs(), m.stats().runs(),
                                100 * m.stats().ciHalfWidthRel());
                    }
                }
            }
        }
        report(results, models, threads, engineNames, resolution, batch);
    }

    private static void report(Map<Config, List<double[]>> results, List<String> models, List<Integer> threads,
                               List<String> engineNames, int resolution, int batch) {
        System.out.println();
        System.out.printf("%-20s %7s %-12s %10s %17s %9s %10s %8s %8s%n", "model", "threads", "engine",
                "median ms", "round spread ms", "ratio", "build ms", "GMAC/s", "% peak");
        for (String model : models) {
            long macs = CompiledArchitecture.compile(Presets.get(model), Limits.DEFAULT, resolution, batch)
                    .cost().macs();
            for (int t : threads) {
                double reference = Double.NaN;
                for (String name : engineNames) {
                    List<double[]> rows = results.get(new Config(model, t, name));
                    double median = median(rows.stream().mapToDouble(r -> r[0]).toArray());
                    double build = median(rows.stream().mapToDouble(r -> r[1]).toArray());
                    double min = rows.stream().mapToDouble(r -> r[0]).min().orElseThrow();
                    double max = rows.stream().mapToDouble(r -> r[0]).max().orElseThrow();
                    if (Double.isNaN(reference)) {
                        reference = median;
                    }
                    double gmacs = macs / (median * 1e6);
                    System.out.printf("%-20s %7d %-12s %10.3f %8.3f..%-8.3f %8.2fx %10.1f %8.1f %7.0f%%%n", model, t,
                            name, median, min, max, median / reference, build, gmacs, 100 * gmacs
                                    / (peakGmacPerCore() * t));
                }
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Nominal single-core FP32 multiply-add peak: clock x FMA pipes x SIMD lanes. Two FMA pipes is
     * what current x86 server cores have; the lane count follows the widest vector ISA the CPU
     * reports. An estimate, not a measurement: the real clock boosts and throttles.
     */
    static double peakGmacPerCore() {
        return mhz() / 1000.0 * 2 * lanes();
    }

    static String peakBasis() {
        return String.format("%.0f MHz x 2 FMA pipes x %d fp32 lanes", mhz(), lanes());
    }

    private static int lanes() {
        String flags = cpuinfo("flags");
        return flags.contains("avx512f") ? 16 : flags.contains("avx2") ? 8 : 4;
    }

    private static double mhz() {
        String value = cpuinfo("cpu MHz");
        return value.isEmpty() ? 2000 : Double.parseDouble(value);
    }

    private static String cpuModel() {
        String model = cpuinfo("model name");
        return model.isEmpty() ? System.getProperty("os.arch") : model;
    }

    private static String cpuinfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "";
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: bench/run Engines [--models A,B] [--threads 1,2] "
                        + "[--engines onnxruntime,java] [--rounds N] [--resolution N] [--batch N]");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }
}
