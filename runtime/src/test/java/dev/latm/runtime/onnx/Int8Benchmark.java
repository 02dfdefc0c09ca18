package dev.latm.runtime.onnx;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.DesignVariants;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.PrecisionReport;
import java.util.Arrays;

/**
 * Throwaway float32-vs-int8 check of the ONNX Runtime engine, not a test and not a figure for the
 * record: builds a preset or design variant both ways, times them interleaved (rounds of runs, a
 * median per round, the median of those), and prints the logits' cosine and the int8 profile's
 * precision report. Run from the repository root after {@code mvn -o -q -pl runtime -am test-compile}:
 * <pre>
 * java --add-modules jdk.incubator.vector \
 *     -cp runtime/target/classes:runtime/target/test-classes:model/target/classes:proto/target/classes:$(cat cp.txt) \
 *     dev.latm.runtime.onnx.Int8Benchmark [name] [resolution] [threads] [rounds]
 * </pre>
 * ({@code cp.txt} from {@code mvn -o -q -pl runtime dependency:build-classpath -Dmdep.outputFile=../cp.txt}).
 */
public final class Int8Benchmark {
    private static final int RUNS_PER_ROUND = 20;

    private Int8Benchmark() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "mobilenet_v3_large";
        int resolution = args.length > 1 ? Integer.parseInt(args[1]) : 224;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        Architecture architecture = DesignVariants.names().contains(name) ? DesignVariants.get(name)
                : Presets.get(name);
        CompiledArchitecture arch = CompiledArchitecture.compile(architecture, Limits.DEFAULT, resolution, 1);
        OnnxRuntimeEngine engine = OnnxRuntimeEngine.create();
        EngineOptions float32 = EngineOptions.DEFAULT.withThreads(threads);
        EngineOptions int8 = float32.withDtype(Dtype.INT8);
        long buildStart = System.nanoTime();
        try (Candidate reference = engine.build(arch, float32)) {
            long floatBuild = System.nanoTime() - buildStart;
            buildStart = System.nanoTime();
            try (Candidate quantized = engine.build(arch, int8)) {
                long int8Build = System.nanoTime() - buildStart;
                System.out.printf("%s @%d, %d thread(s): build float32 %.0f ms, int8 %.0f ms (calibration included);"
                        + " logits cosine %.6f%n", name, resolution, threads, floatBuild / 1e6, int8Build / 1e6,
                        Int8AgreementTest.cosine(reference.runAndCopyOutput(), quantized.runAndCopyOutput()));
                double[][] medians = interleaved(new Candidate[] {reference, quantized}, rounds);
                double floatMs = median(medians[0]);
                double int8Ms = median(medians[1]);
                System.out.printf("median of %d round medians: float32 %.3f ms, int8 %.3f ms, speed-up %.2fx%n",
                        rounds, floatMs, int8Ms, floatMs / int8Ms);
            }
        }
        PrecisionReport report = engine.profile(arch, int8, 20).precision();
        System.out.printf("int8 profile: %d int8 kernels %.1f%%, %d float %.1f%%, %d conversions %.1f%%%n",
                report.count(PrecisionReport.Precision.INT8), 100 * report.share(PrecisionReport.Precision.INT8),
                report.count(PrecisionReport.Precision.FLOAT), 100 * report.share(PrecisionReport.Precision.FLOAT),
                report.count(PrecisionReport.Precision.CONVERSION),
                100 * report.share(PrecisionReport.Precision.CONVERSION));
        for (PrecisionReport.Op op : report.ops()) {
            System.out.printf("  %-26s %-10s %4d %8.3f ms %5.1f%%%n", op.opType(), op.precision(), op.count(),
                    op.meanMs(), 100 * op.share());
        }
        for (PrecisionReport.Node node : report.floatNodes()) {
            System.out.printf("  float: %s (%s, %s) %.3f ms%n", node.name(), node.layer(), node.opType(),
                    node.meanMs());
        }
    }

    /** Round robin over the candidates: per round and candidate, the median of its runs. */
    private static double[][] interleaved(Candidate[] candidates, int rounds) {
        for (Candidate candidate : candidates) {
            for (int i = 0; i < 3 * RUNS_PER_ROUND; i++) {
                candidate.run();
            }
        }
        double[][] medians = new double[candidates.length][rounds];
        long[] samples = new long[RUNS_PER_ROUND];
        for (int round = 0; round < rounds; round++) {
            for (int c = 0; c < candidates.length; c++) {
                for (int i = 0; i < samples.length; i++) {
                    long start = System.nanoTime();
                    candidates[c].run();
                    samples[i] = System.nanoTime() - start;
                }
                Arrays.sort(samples);
                medians[c][round] = samples[samples.length / 2] / 1e6;
            }
        }
        return medians;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
