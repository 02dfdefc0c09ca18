package dev.latm.cli;

import dev.latm.client.results.ResultColumns;
import dev.latm.client.results.StatusText;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latm batch}: LAT(m) of every architecture in a file, resumable. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure every architecture of a file, writing each result as it arrives.",
            "",
            "--archs FILE holds one architecture per line: JSON (a line starting with '{', the protobuf JSON "
                + "mapping of latm.v1.Architecture) or MnasNet block strings separated by commas. Blank lines and "
                + "lines starting with # are skipped. Every line is checked first: a malformed one stops the batch "
                + "(exit 2, naming the line) before anything is measured.",
            "",
            "Without --target (the embedded server) or with one HOST:PORT, the candidates go in one MeasureBatch "
                + "stream and the device times --interleave of them side by side, round robin with the reference in "
                + "a fresh random order every round, so that the host's drift hits them alike, and sends each result "
                + "as it finishes; --deadline then applies per architecture "
                + "(the stream's deadline is --deadline times their number). With several HOST:PORT,HOST:PORT or a "
                + "dns:///NAME:PORT that resolves to every device, they are spread over the fleet round-robin with "
                + "--in-flight calls outstanding; every row keeps the device_id that measured it.",
            "",
            "Rows are written and flushed one by one (CSV columns: line, then those every latm result table "
                + "shares: name, architecture_id, device_id, engine, engine_version, the options applied, lat_ms "
                + "(LAT(m): normalized_ms when anchored, else the median), median_ms and the other statistics, "
                + "stationary, the anchored relative, reference_median_ms, baseline_ms, normalized_ms and "
                + "device_speed_ratio, the times and costs, from_store, measured_at, error; --format json "
                + "writes the same keys as JSON lines). When --out exists, the batch resumes: lines already in it "
                + "(same line number AND same architecture id) are skipped, the rest appended.",
            "",
            "A candidate the device cannot measure (over a limit, engine error) gets a row with its error and the "
                + "batch goes on; the command then exits 3 at the end. Rows that failed in an earlier run count too: "
                + "delete them from --out to try them again."})
final class BatchCommand implements Callable<Integer> {

    @Option(names = "--archs", paramLabel = "FILE", required = true,
            description = "Architectures, one per line (JSON or comma-separated block strings).")
    Path archs;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Results file; appended to and resumed from when it exists (default: stdout, no resume).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
            description = "csv or json (JSON lines) (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "0",
            description = "Fleet only: calls outstanding (default: 2 per listed device, 4 for a dns:/// name).")
    int inFlight;

    @Mixin
    Measuring measuring = new Measuring(new MeasurementFlags());

    @Override
    public Integer call() throws IOException, InterruptedException {
        format.require("batch", OutputFormat.csv, OutputFormat.json);
        MeasurementOptions options = measuring.measurement.toProto();
        List<BatchInput.Line> lines = BatchInput.read("--archs", archs, "measured", options.getResolution(),
                options.getBatch());
        PrintWriter err = measuring.err();
        BatchResume resume = out != null && Files.exists(out) ? BatchResume.read(out, format) : BatchResume.none();
        resume.checkDtype(DtypeLabel.of(options), out);
        List<BatchInput.Line> todo = new ArrayList<>();
        int failedBefore = 0;
        for (BatchInput.Line line : lines) {
            if (!resume.has(line)) {
                todo.add(line);
            } else if (resume.failed(line)) {
                failedBefore++;
            }
        }
        int skipped = lines.size() - todo.size();
        if (out != null && Files.exists(out)) {
            err.printf("resuming %s: %d of %d already there, skipped%s; measuring %d%n", out, skipped, lines.size(),
                    failedBefore > 0 ? " (" + failedBefore + " of them failed; delete their rows to retry)" : "",
                    todo.size());
            if (resume.droppedTail()) {
                err.println("  (cut off an incomplete last row, written when the previous run was stopped)");
            }
            int stale = resume.rows().size() - skipped;
            if (stale > 0) {
                err.printf("  (%d rows in %s match no line of the input as it is now; kept)%n", stale, out);
            }
        }
        int failedNow = todo.isEmpty() ? 0 : measure(todo, options, err);
        err.printf("%d measured, %d failed, %d skipped%s%n", todo.size() - failedNow, failedNow, skipped,
                out == null ? "" : "; results in " + out);
        err.flush();
        return failedNow + failedBefore > 0 ? LatmCli.EXIT_REFUSED : 0;
    }

    /** Measures the lines, writing each row as it arrives; returns how many failed. */
    private int measure(List<BatchInput.Line> todo, MeasurementOptions options, PrintWriter err)
            throws IOException, InterruptedException {
        List<Architecture> architectures = todo.stream().map(BatchInput.Line::architecture).toList();
        AtomicInteger failed = new AtomicInteger();
        try (MeasurementBackend backend = measuring.device.backend(todo.size(), inFlight);
             BatchOutput output = out == null ? BatchOutput.toStdout(measuring.out(), format)
                     : BatchOutput.appendingTo(out, format)) {
            err.printf("measuring %d architectures on %s%n", todo.size(), backend.describe());
            err.flush();
            measuring.progress.measureAll(backend, architectures, options, err, "archs", (index, response) -> {
                BatchInput.Line line = todo.get(index);
                BatchRow row = BatchRow.of(line, response);
                output.write(row);
                if (row.failed()) {
                    failed.incrementAndGet();
                }
                return describe(line, response, row);
            });
        }
        return failed.get();
    }

    private static String describe(BatchInput.Line line, MeasureResponse response, BatchRow row) {
        String what = "line " + line.number() + " " + line.label();
        if (row.failed()) {
            return what + " FAILED: " + StatusText.of(response.getError());
        }
        return what + " " + String.format(Locale.ROOT, "%.3f ms", ResultColumns.latMs(response))
                + (response.getDeviceId().isEmpty() ? "" : " on " + response.getDeviceId())
                + (response.getFromStore() ? " (stored)" : "");
    }
}
