package dev.latm.cli;

import dev.latm.proto.v1.MeasurementOptions;
import picocli.CommandLine.Option;

/** The measurement options every measuring command takes (measure, batch, search). */
final class MeasurementFlags {

    @Option(names = "--engine", paramLabel = "NAME", description = "onnxruntime or java (default: the server's).")
    String engine = "";

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: the server's, 1).")
    int threads;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default: the architecture's, 1).")
    int batch;

    @Option(names = "--resolution", paramLabel = "N",
            description = "Input resolution (default: the architecture's, 224).")
    int resolution;

    @Option(names = "--precision", paramLabel = "X",
            description = "Stop when the 95%% CI of the median is within X of it (default: 0.01 = 1%%).")
    double precision;

    @Option(names = "--min-runs", paramLabel = "N", description = "Timed runs before checking precision (default: 50).")
    int minRuns;

    @Option(names = "--max-runs", paramLabel = "N", description = "Most timed runs (default: 5000).")
    int maxRuns;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Longest timed phase (default: 30).")
    double maxSeconds;

    @Option(names = "--warmup-runs", paramLabel = "N", description = "Least warm-up runs (default: 10).")
    int warmupRuns;

    @Option(names = "--warmup-seconds", paramLabel = "S", description = "Least warm-up time (default: 0.2).")
    double warmupSeconds;

    @Option(names = "--profile", description = "Also profile per layer (slower).")
    boolean profile;

    @Option(names = "--samples", description = "Return every timed run's latency.")
    boolean samples;

    @Option(names = "--force", description = "Measure again even if the result store has this measurement.")
    boolean force;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the generated weights and input.")
    long seed;

    MeasurementOptions toProto() {
        return MeasurementOptions.newBuilder().setEngine(engine).setThreads(threads).setBatch(batch)
                .setResolution(resolution).setPrecision(precision).setMinRuns(minRuns).setMaxRuns(maxRuns)
                .setMaxSeconds(maxSeconds).setWarmupRuns(warmupRuns).setWarmupSeconds(warmupSeconds)
                .setProfile(profile).setReturnSamples(samples).setForce(force).setSeed(seed).build();
    }
}
