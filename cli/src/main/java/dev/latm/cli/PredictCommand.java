package dev.latm.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.latm.cli.predictor.PredictorText;
import dev.latm.client.results.Column;
import dev.latm.client.results.Columns;
import dev.latm.client.results.Csv;
import dev.latm.client.results.StatusText;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.PredictResponse;
import dev.latm.proto.v1.Prediction;
import dev.latm.proto.v1.PredictorInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latm predict}: LAT(m) from a latency predictor, in microseconds, without measuring. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict LAT(m) of one network (--preset, --arch, --blocks) or of every line of --archs FILE "
                + "with a latency predictor the device learned from its own measurements (latm predictor build): "
                + "the predicted latency, its prediction interval and the predictor's identity, in microseconds per "
                + "network. Nothing is measured.",
            "",
            "With --predictor FILE the file predicts in this process (every network at the predictor's resolution "
                + "and batch); with --target HOST:PORT the device's Predict RPC does, with the predictor it loaded "
                + "for --engine, --threads, --resolution and --batch (the device's defaults, and each network's own "
                + "resolution and batch, when not given). The predicted value is in the predictor's label: "
                + "normalized_ms when it was built on anchored measurements.",
            "",
            "Every line of --archs FILE is checked first, as latm batch checks it: malformed lines stop the command "
                + "(exit 2, each named by its line number) before anything is predicted.",
            "",
            "Exits 2 when a network is invalid (its row says why), 3 when the device has no predictor for the "
                + "configuration (the message lists those it has)."})
final class PredictCommand implements Callable<Integer> {
    private static final Columns<Prediction> COLUMNS = Columns.of(
            Column.of("name", Prediction::getName),
            Column.of("architecture_id", Prediction::getArchitectureId),
            Column.of("predictor_id", Prediction::getPredictorId),
            Column.ms("lat_ms", p -> p.hasError() ? null : p.getLatMs()),
            Column.ms("low_ms", p -> p.hasError() ? null : p.getLowMs()),
            Column.ms("high_ms", p -> p.hasError() ? null : p.getHighMs()),
            Column.of("coverage", p -> p.hasError() ? null : p.getCoverage()),
            Column.of("error", p -> p.hasError() ? StatusText.of(p.getError()) : null));

    @Mixin
    ArchitectureOptions architecture;

    @Option(names = "--archs", paramLabel = "FILE",
            description = "Networks, one per line (JSON or comma-separated block strings), as for latm batch.")
    Path archs;

    @Option(names = "--predictor", paramLabel = "FILE", description = "Predictor file to predict with here.")
    Path predictor;

    @Mixin
    MeasurementFlags.PredictorKey key;

    @Mixin
    TargetOptions target;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InvalidProtocolBufferException {
        if (architecture.named() == (archs != null)) {
            throw new IllegalArgumentException("give one network (--preset, --arch or --blocks) or --archs FILE");
        }
        if (predictor != null && target.remote()) {
            throw new IllegalArgumentException("give --predictor FILE (predict in this process) or --target HOST:PORT "
                    + "(ask a device's Predict RPC), not both");
        }
        MeasurementOptions options = key.toProto();
        List<Architecture> networks = archs == null ? List.of(architecture.architecture())
                : BatchInput.read("--archs", archs, "predicted", options.getResolution(), options.getBatch()).stream()
                        .map(BatchInput.Line::architecture).toList();
        PredictResponse response;
        long nanos;
        String where;
        try (PredictorBackend backend = PredictorBackend.open(predictor, target, options)) {
            // one untimed call first: class loading, and a remote channel's connection, are not a prediction's
            backend.predict(networks.subList(0, 1));
            long start = System.nanoTime();
            response = backend.predict(networks);
            nanos = System.nanoTime() - start;
            where = backend.describe();
        }
        double perNetworkUs = nanos / 1e3 / networks.size();
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> {
                JsonObject json = JsonParser.parseString(JsonFormat.printer().preservingProtoFieldNames()
                        .print(response)).getAsJsonObject();
                json.addProperty("us_per_architecture", perNetworkUs);
                out.println(Json.pretty(json));
            }
            case csv -> {
                out.print(Csv.row(COLUMNS.names()));
                response.getPredictionsList().forEach(p -> out.print(Csv.row(COLUMNS.values(p))));
            }
            case table -> printTable(response, out, where, perNetworkUs);
        }
        out.flush();
        return response.getPredictionsList().stream().anyMatch(Prediction::hasError) ? LatmCli.EXIT_BAD_INPUT : 0;
    }

    private static void printTable(PredictResponse response, PrintWriter out, String where, double perNetworkUs) {
        for (PredictorInfo predictor : response.getPredictorsList()) {
            out.printf("predictor %s%n", PredictorText.describe(predictor));
        }
        String row = "%-28s  %-16s  %10s  %s%n";
        out.printf(row, "name", "architecture_id", "LAT ms", "interval");
        for (Prediction p : response.getPredictionsList()) {
            String name = p.getName().isEmpty() ? "#" + (p.getIndex() + 1) : p.getName();
            if (p.hasError()) {
                out.printf("%-28s  FAILED: %s%n", name, StatusText.of(p.getError()));
            } else {
                out.printf(Locale.ROOT, row, name, p.getArchitectureId(), String.format(Locale.ROOT, "%.3f",
                        p.getLatMs()), String.format(Locale.ROOT, "[%.3f, %.3f] (%.0f%%)", p.getLowMs(), p.getHighMs(),
                        100 * p.getCoverage()));
            }
        }
        out.printf(Locale.ROOT, "%d predicted in %.1f us each, by %s%s%n", response.getPredictionsCount(),
                perNetworkUs, where, where.startsWith("the Predict RPC") ? " (the call's round trip included, after "
                        + "one untimed call)" : " (after one untimed call)");
    }
}
