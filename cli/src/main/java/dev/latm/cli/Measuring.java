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
 * progress shows, the measurement flags and the device; and the measuring itself, where the command
 * has nothing to open beside the device.
 */
final class Measuring {

    @Mixin
    ProgressOption progress;

    /** A command that offers fewer flags passes its subclass in: picocli mixes in the instance a field holds. */
    @Mixin
    final MeasurementFlags measurement;

    @Mixin
    DeviceOptions device;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    Measuring() {
        this(new MeasurementFlags());
    }

    Measuring(MeasurementFlags measurement) {
        this.measurement = measurement;
    }

    /** The command's stdout. */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** The command's stderr, where progress goes. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    /**
     * Measures every network on the device ({@link DeviceOptions#backend}), saying first on stderr how
     * many go where, one progress step per result as it arrives.
     */
    void measureAll(List<Architecture> networks, MeasurementOptions options, ProgressOption.Step step)
            throws InterruptedException {
        try (MeasurementBackend backend = device.backend(networks.size(), 0)) {
            err().printf("measuring %d networks on %s%n", networks.size(), backend.describe());
            err().flush();
            progress.measureAll(backend, networks, options, err(), "networks", step);
        }
    }
}
