package dev.latm.server.measure;

import dev.latm.proto.v1.MeasurementOptions;

/**
 * Measurement options with every default applied and every value checked: what a measurement
 * actually runs with, echoed to the client in {@code MeasureResponse.options}.
 */
public record ResolvedOptions(String engine, int threads, int batch, int resolution, double precision, int minRuns,
                              int maxRuns, double maxSeconds, int warmupRuns, double warmupSeconds, boolean profile,
                              boolean returnSamples, boolean force, long seed) {

    /** The same options with the batch and resolution the architecture resolved them to. */
    public ResolvedOptions withInput(int resolvedBatch, int resolvedResolution) {
        return new ResolvedOptions(engine, threads, resolvedBatch, resolvedResolution, precision, minRuns, maxRuns,
                maxSeconds, warmupRuns, warmupSeconds, profile, returnSamples, force, seed);
    }

    public MeasurementOptions toProto() {
        return MeasurementOptions.newBuilder()
                .setEngine(engine).setThreads(threads).setBatch(batch).setResolution(resolution)
                .setPrecision(precision).setMinRuns(minRuns).setMaxRuns(maxRuns).setMaxSeconds(maxSeconds)
                .setWarmupRuns(warmupRuns).setWarmupSeconds(warmupSeconds).setProfile(profile)
                .setReturnSamples(returnSamples).setForce(force).setSeed(seed)
                .build();
    }
}
