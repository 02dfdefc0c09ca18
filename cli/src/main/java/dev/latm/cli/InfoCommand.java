package dev.latm.cli;

import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.EngineInfo;
import dev.latm.cli.predictor.PredictorText;
import dev.latm.proto.v1.PredictorInfo;
import dev.latm.proto.v1.ReferenceBaseline;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code latm info}: what a device is. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a device's hardware, runtime, engines, limits, default measurement options, "
                + "calibrated reference baselines and the latency predictors it serves (with their error against "
                + "its latest measurements).")
final class InfoCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target;

    @Mixin
    TableOrJsonOption format;

    @Override
    public Integer call() {
        format.check();
        DeviceInfo info;
        try (Connection connection = Connection.open(target, null)) {
            info = connection.client().deviceInfo();
        }
        format.print(() -> Json.proto(info), out -> printTable(info, out));
        return 0;
    }

    private static void printTable(DeviceInfo info, PrintWriter out) {
        out.printf("device      %s (host %s)%n", info.getDeviceId(), info.getHostname());
        out.printf("cpu         %s, %d logical cores%n", info.getCpuModel(), info.getLogicalCores());
        out.printf("memory      %.1f GiB%n", info.getMemoryBytes() / (double) (1L << 30));
        out.printf("os          %s%n", info.getOs());
        out.printf("jvm         %s%n", info.getJvm());
        for (EngineInfo engine : info.getEnginesList()) {
            out.printf("engine      %s %s (%s)%n", engine.getName(), engine.getUnavailableReason().isEmpty()
                    ? engine.getVersion() : "unavailable: " + engine.getUnavailableReason(),
                    String.join(", ", engine.getDtypesList().stream()
                            .map(d -> d.name().toLowerCase(Locale.ROOT)).toList()));
        }
        out.printf("defaults    engine %s, %s, %d thread(s), precision %.3f, runs %d..%d, max %.0f s, "
                + "reference %s, interleave %d%n", info.getDefaults().getEngine(),
                DtypeLabel.of(info.getDefaults()), info.getDefaults().getThreads(),
                info.getDefaults().getPrecision(), info.getDefaults().getMinRuns(), info.getDefaults().getMaxRuns(),
                info.getDefaults().getMaxSeconds(), info.getDefaults().getReference(),
                info.getDefaults().getInterleave());
        if (info.getBaselinesCount() == 0) {
            out.println("baselines   none yet (calibrated when a measurement first needs one, or by latm "
                    + "calibrate)");
        }
        for (ReferenceBaseline baseline : info.getBaselinesList()) {
            out.printf("baseline    %s: %.4f ms +-%.2f%% (%d runs, %s)%n", describe(baseline),
                    baseline.getMedianMs(), 100 * baseline.getCiHalfWidthRel(), baseline.getRuns(),
                    baseline.getMeasuredAt());
        }
        out.printf("limits      resolution %d, channels %d, MACs %,d, params %,d, activations %,d bytes, "
                + "export %,d bytes, interleave %d%n", info.getLimits().getMaxResolution(),
                info.getLimits().getMaxChannels(), info.getLimits().getMaxMacs(), info.getLimits().getMaxParams(),
                info.getLimits().getMaxActivationBytes(), info.getLimits().getMaxExportBytes(),
                info.getLimits().getMaxInterleave());
        out.printf("queue       %d places%n", info.getQueueCapacity());
        for (PredictorInfo predictor : info.getPredictorsList()) {
            out.printf("predictor   %s%n", PredictorText.describe(predictor));
            if (predictor.hasLive()) {
                out.printf("            live: %s%n", PredictorText.accuracy(predictor.getLive()));
            }
        }
        out.printf("server      latm %s%n", info.getServerVersion());
    }

    /** {@code mobilenet_v3_small on onnxruntime 1.23.2+1fb0c3b85654, 1 thread(s), FLOAT32}. */
    static String describe(ReferenceBaseline baseline) {
        return baseline.getReference() + " on " + baseline.getEngine() + " " + baseline.getEngineVersion() + ", "
                + baseline.getThreads() + " thread(s), " + baseline.getDtype();
    }
}
