package dev.latm.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.latm.proto.v1.ReferenceBaseline;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latm calibrate}: the device's baseline for a reference network, measured again. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate the device's baseline for a reference network: the reference measured alone to a "
                + "tight precision (500 runs at least), retried when its run times shift by more than 3%% while it "
                + "runs, refused (exit 3) when they shift during every attempt. Anchored measurements report LAT(m) "
                + "as their ratio to the reference "
                + "times this baseline, so it replaces the scale of every later result of that reference, engine and "
                + "thread count on this device (stored results are served on the new scale).",
            "A device calibrates by itself when a configuration first needs a baseline; calibrate again after a "
                + "change to the machine. The timing flags, when given, replace the server's calibration plan."})
final class CalibrateCommand implements Callable<Integer> {

    @Mixin
    MeasurementFlags.Calibration measurement;

    @Mixin
    TargetOptions target;

    @Mixin
    EmbeddedStoreOption store;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InvalidProtocolBufferException {
        if (format == OutputFormat.csv) {
            throw new IllegalArgumentException("--format for calibrate must be table or json (got csv)");
        }
        ReferenceBaseline baseline;
        try (Connection connection = Connection.open(target, store.path)) {
            baseline = connection.client().calibrate(measurement.toProto());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(JsonFormat.printer().preservingProtoFieldNames().print(baseline));
        } else {
            out.printf("calibrated %s on device %s%n", InfoCommand.describe(baseline), baseline.getDeviceId());
            out.printf("baseline   %.4f ms   95%% CI +-%.2f%%, %d runs, stationary (attempt %d), %s%n",
                    baseline.getMedianMs(), 100 * baseline.getCiHalfWidthRel(), baseline.getRuns(),
                    baseline.getAttempts(), baseline.getMeasuredAt());
        }
        out.flush();
        return 0;
    }
}
