package dev.latm.cli;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasurementOptions;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What a command that measures many networks takes (batch, predictor build, predictor eval): how its
 * progress shows, the measurement flags (the instance the command passes in, which picocli mixes in:
 * a subclass offers fewer) and the device; and the measuring itself.
 */
final class Measuring {
    @Mixin
    ProgressOption progress;

    @Mixin
    final MeasurementFlags measurement;

    @Mixin
    DeviceOptions device;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Measuring(MeasurementFlags measurement) {
        this.measurement = measurement;
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** Measures every network on the device, saying first on stderr how many go where, with progress. */
    void measureAll(List<Architecture> networks, MeasurementOptions options, ProgressOption.Step step)
            throws InterruptedException {
        try (MeasurementBackend backend = device.backend(networks.size(), 0)) {
            err().printf("measuring %d networks on %s%n", networks.size(), backend.describe());
            err().flush();
            progress.measureAll(backend, networks, options, err(), "networks", step);
        }
    }
}
