// JavaEngineProfile: the pure-Java engine's median on one preset, and its time summed by op.
//
// The Java engine alone: where the time goes, by op (and per layer with -Dlayers=true).
//
// Run:   bench/run JavaEngineProfile [preset] [resolution] [threads] [runs]
//        (defaults mobilenet_v3_large 224 1 100; LATM_JAVA_OPTS=-Dspinning=false parks idle workers,
//        LATM_JAVA_OPTS=-Dlayers=true prints every layer's mean time)
// A quick look for kernel work, seconds long: a plain nanoTime loop after 300 warm-up runs, not the
// timing harness. For figures to compare engines, use bench/run Engines.

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.jvm.JavaEngine;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

public final class JavaEngineProfile {
    private JavaEngineProfile() {
    }

    public static void main(String[] args) {
        String preset = args.length > 0 ? args[0] : "mobilenet_v3_large";
        int resolution = args.length > 1 ? Integer.parseInt(args[1]) : 224;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        CompiledArchitecture arch = CompiledArchitecture.compile(Presets.get(preset), Limits.DEFAULT, resolution, 1);
        EngineOptions options = new EngineOptions(threads, EngineOptions.GraphOptimization.ALL,
                Boolean.parseBoolean(System.getProperty("spinning", "true")), EngineOptions.DEFAULT_SEED);
        JavaEngine engine = new JavaEngine();
        try (Candidate candidate = engine.build(arch, options)) {
            for (int i = 0; i < 300; i++) {
                candidate.run();
            }
            long[] samples = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                candidate.run();
                samples[i] = System.nanoTime() - start;
            }
            Arrays.sort(samples);
            double medianMs = samples[runs / 2] / 1e6;
            System.out.printf("%s @%d, %d thread(s): median %.3f ms, min %.3f ms, p90 %.3f ms over %d runs;"
                    + " %.1f MMAC -> %.1f GMAC/s%n", preset, resolution, threads, medianMs, samples[0] / 1e6,
                    samples[runs * 9 / 10] / 1e6, runs, arch.cost().macs() / 1e6,
                    arch.cost().macs() / medianMs / 1e6);
        }
        LayerProfile profile = engine.profile(arch, options, runs);
        Map<String, double[]> byOp = new TreeMap<>();
        for (LayerProfile.Row row : profile.layers()) {
            byOp.computeIfAbsent(row.op(), op -> new double[2])[0] += row.meanMs();
            byOp.get(row.op())[1]++;
        }
        System.out.printf("profile total %.3f ms%n", profile.totalMs());
        byOp.forEach((op, v) -> System.out.printf("  %-15s %3.0f layers %7.3f ms %5.1f%%%n", op, v[1], v[0],
                100 * v[0] / profile.totalMs()));
        if (Boolean.getBoolean("layers")) {
            for (LayerProfile.Row row : profile.layers()) {
                System.out.printf("  %-36s %-15s %7.3f ms%n", row.name(), row.op(), row.meanMs());
            }
        }
    }
}
