package dev.latm.cli;

import dev.latm.proto.v1.ReferenceBaseline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
    DeviceOptions device;

    @Mixin
    TableOrJsonOption format;

    @Override
    public Integer call() {
        format.check();
        ReferenceBaseline baseline;
        try (Connection connection = device.connect()) {
            baseline = connection.client().calibrate(measurement.toProto());
        }
        format.print(() -> Json.proto(baseline), out -> {
            out.printf("calibrated %s on device %s%n", InfoCommand.describe(baseline), baseline.getDeviceId());
            out.printf("baseline   %.4f ms   95%% CI +-%.2f%%, %d runs, stationary (attempt %d), %s%n",
                    baseline.getMedianMs(), 100 * baseline.getCiHalfWidthRel(), baseline.getRuns(),
                    baseline.getAttempts(), baseline.getMeasuredAt());
        });
        return 0;
    }
}
