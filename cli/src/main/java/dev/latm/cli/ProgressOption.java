package dev.latm.cli;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/** How a command that measures many networks shows its progress. */
final class ProgressOption {

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto, bar, lines or none (default: ${DEFAULT-VALUE}: a bar on a terminal, lines "
                    + "elsewhere). Progress goes to stderr.")
    Progress.Mode mode;

    /** What a command does with each result; returns the progress line that says how it went. */
    @FunctionalInterface
    interface Step {
        String onResult(int index, MeasureResponse response);
    }

    /** Progress through {@code total} items, counted in {@code unit} ("archs", "trials"), on {@code err}. */
    Progress start(PrintWriter err, int total, String unit) {
        return new Progress(err, mode, total, unit, System::nanoTime);
    }

    /**
     * Measures every network on {@code backend} ({@link MeasurementBackend#measureAll}), one progress step
     * per result as it arrives; the progress line is finished however the measuring ends.
     */
    void measureAll(MeasurementBackend backend, List<Architecture> networks, MeasurementOptions options,
                    PrintWriter err, String unit, Step step) throws InterruptedException {
        Progress bar = start(err, networks.size(), unit);
        try {
            backend.measureAll(networks, options, (index, response) -> bar.step(step.onResult(index, response)));
        } finally {
            bar.finish();
        }
    }
}
