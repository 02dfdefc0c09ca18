package dev.latm.cli;

import dev.latm.cli.predictor.EvalChart;
import dev.latm.cli.predictor.LocalPredictions;
import dev.latm.cli.predictor.Networks;
import dev.latm.cli.predictor.PredictorText;
import dev.latm.cli.search.SearchSpace;
import dev.latm.client.results.Csv;
import dev.latm.client.results.StatusText;
import dev.latm.model.predict.Evaluation;
import dev.latm.model.predict.LatencyLabel;
import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.Prediction;
import dev.latm.model.predict.PredictorFile;
import dev.latm.model.predict.PredictorKey;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Dtype;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.server.predict.PredictorInfos;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latm predictor eval}: a predictor against fresh measurements of networks it was not built on. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure --samples fresh networks on the predictor's device and configuration and compare "
                + "them with its predictions: the share within +-5%% and +-10%%, RMSPE, Kendall tau, bias, and how "
                + "many measurements fall inside the prediction interval. Writes the predicted-vs-measured chart "
                + "(--plot) and, with --out, a CSV row per network.",
            "",
            "Networks (one source): random points of --space (default: the bundled space; with --outside-space "
                + "pushed outside it, other widths and depths), drawn with another --sample-seed than build's; or "
                + "the lines of --blocks-file (JSON or block strings, as latm batch reads); or --presets (every preset "
                + "at widths 0.5, 0.75, 1.0, 1.3). Networks the predictor was trained on are left out, always.",
            "",
            "The measured side is the predictor's label (normalized_ms for one built on anchored results); when "
                + "the device's results lack it, median_ms is used and the output says so. Exits 2 when the device "
                + "measures under another configuration than the predictor's (another device or engine version)."})
final class PredictorEvalCommand implements Callable<Integer> {

    @Option(names = "--predictor", paramLabel = "FILE", required = true, description = "Predictor file to judge.")
    Path predictorFile;

    @Option(names = "--samples", paramLabel = "N", required = true, description = "Networks to measure (at most).")
    int samples;

    @Mixin
    SpaceOption space;

    @Option(names = "--outside-space", description = "Push every drawn network outside the space: each stage's "
            + "filters x0.5, x0.75, x1.25 or x1.5, one block more or fewer.")
    boolean outsideSpace;

    @Option(names = "--blocks-file", paramLabel = "FILE",
            description = "Networks, one per line (JSON or block strings), instead of a space.")
    Path blocksFile;

    @Option(names = "--presets", description = "The presets at widths 0.5, 0.75, 1.0 and 1.3, instead of a space.")
    boolean presets;

    @Option(names = "--sample-seed", paramLabel = "S", defaultValue = "2",
            description = "Seed of the networks drawn (default: ${DEFAULT-VALUE}; build's is 1).")
    long sampleSeed;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Predicted-vs-measured chart (default: --predictor's name with '-eval.png').")
    Path plot;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Also write one CSV row per network.")
    Path out;

    @Mixin
    Measuring measuring = new Measuring(new MeasurementFlags.Campaign());

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be >= 1 (got " + samples + ")");
        }
        int sources = (blocksFile != null ? 1 : 0) + (presets ? 1 : 0) + (space.file != null || outsideSpace ? 1 : 0);
        if (sources > 1) {
            throw new IllegalArgumentException("give one source of networks: --space (with or without "
                    + "--outside-space), --blocks-file or --presets");
        }
        measuring.device.requireOneDevice("a predictor is judged on its own device");
        LatencyPredictor predictor = PredictorFile.load(predictorFile);
        PredictorKey key = predictor.key();
        Dtype dtype = Dtype.valueOf(key.dtype().toUpperCase(Locale.ROOT));
        MeasurementOptions given = measuring.measurement.toProto();
        if (given.getDtype() == Dtype.DTYPE_UNSPECIFIED) {
            given = given.toBuilder().setDtype(dtype).build(); // the predictor's, like its engine and threads
        }
        LocalPredictions.requireServes(predictor, given);
        MeasurementOptions options = given.toBuilder().setEngine(key.engine()).setThreads(key.threads())
                .setResolution(key.resolution()).setBatch(key.batch()).setDtype(dtype).build();
        Path chart = plot != null ? plot : PredictorCommand.beside(predictorFile, "-eval.png");
        MeasurementPlot.checkFolder(chart);
        PrintWriter report = measuring.out();
        PrintWriter err = measuring.err();

        Set<String> trained = new HashSet<>(predictor.training().architectureIds());
        String source = describeSource();
        List<Architecture> networks = networks(key, trained);
        report.printf("predictor %s%n", PredictorText.describe(PredictorInfos.of(predictor)));
        report.printf("judged on %d fresh networks: %s; none of them in its training set%s%n", networks.size(), source,
                trained.isEmpty() ? " (the file does not list it: built before training ids were kept)" : "");
        MeasureResponse[] measuredInOrder = new MeasureResponse[networks.size()];
        measuring.measureAll(networks, options, (index, response) -> {
            measuredInOrder[index] = response;
            return networks.get(index).getName() + (response.hasError() ? " FAILED" : "");
        });
        List<MeasureResponse> results = List.of(measuredInOrder);

        List<Architecture> measuredNetworks = new ArrayList<>();
        List<MeasureResponse> measured = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            MeasureResponse result = results.get(i);
            if (result.hasError()) {
                err.printf("  %s could not be measured: %s%n", networks.get(i).getName(), StatusText.of(result.getError()));
                continue;
            }
            List<String> differences = key.differences(PredictorKey.of(result));
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException("the predictor was built for " + key.describe() + ", but the device "
                        + "measured under " + PredictorKey.of(result).describe() + " (" + String.join(", ", differences)
                        + "): evaluate it on the device and engine it was built for");
            }
            measuredNetworks.add(networks.get(i));
            measured.add(result);
        }
        if (measured.isEmpty()) {
            err.println("latm: no network could be measured: nothing to judge");
            err.flush();
            return LatmCli.EXIT_REFUSED;
        }
        LatencyLabel label = measured.stream().allMatch(r -> predictor.label().of(r).isPresent()) ? predictor.label()
                : LatencyLabel.MEDIAN_MS;
        if (label != predictor.label()) {
            report.printf("NOTE: the device's results carry no %s (measured without reference anchoring): compared "
                    + "against %s instead, a raw latency on another scale than the predictor's%n",
                    predictor.label().path(), label.path());
        }
        double[] predictedMs = new double[measured.size()];
        double[] measuredMs = new double[measured.size()];
        int inside = 0;
        List<String> rows = new ArrayList<>();
        rows.add(Csv.row(List.of("name", "architecture_id", "measured_ms", "label", "predicted_ms", "low_ms",
                "high_ms", "relative_error", "inside_interval")));
        for (int i = 0; i < measured.size(); i++) {
            Prediction prediction = predictor.predict(measuredNetworks.get(i));
            predictedMs[i] = prediction.latencyMs();
            measuredMs[i] = label.of(measured.get(i)).getAsDouble();
            boolean in = measuredMs[i] >= prediction.lowMs() && measuredMs[i] <= prediction.highMs();
            inside += in ? 1 : 0;
            rows.add(Csv.row(List.of(measuredNetworks.get(i).getName(), measured.get(i).getArchitectureId(),
                    measuredMs[i], label.field(), predictedMs[i], prediction.lowMs(), prediction.highMs(),
                    predictedMs[i] / measuredMs[i] - 1, in)));
        }
        Evaluation evaluation = Evaluation.of(predictedMs, measuredMs);
        report.printf("against %s: %s%n", label.field(), PredictorText.accuracy(PredictorInfos.accuracy(evaluation)));
        report.printf(Locale.ROOT, "interval: %d of %d measurements (%.1f%%) inside the predicted %.0f%% interval%n",
                inside, measured.size(), 100.0 * inside / measured.size(), 100 * predictor.interval().coverage());
        report.printf(Locale.ROOT, "prediction: %.1f us per network (mean, in this process)%n",
                dev.latm.cli.predictor.Fit.predictMicros(predictor, measuredNetworks));
        EvalChart.of(predictor.id() + " on " + source, label.field(), measuredMs, predictedMs, evaluation)
                .writePng(chart);
        report.printf("chart: %s%n", chart);
        if (out != null) {
            Files.writeString(out, String.join("", rows), StandardCharsets.UTF_8);
            report.printf("rows: %s%n", out);
        }
        report.flush();
        return measured.size() < networks.size() ? LatmCli.EXIT_REFUSED : 0;
    }

    private String describeSource() {
        if (blocksFile != null) {
            return "the lines of " + blocksFile;
        }
        if (presets) {
            return "the presets at widths 0.5-1.3";
        }
        String name = space.file == null ? "the bundled space" : space.file.toString();
        return (outsideSpace ? "random points of " + name + " pushed outside it" : "random points of " + name)
                + " (sample seed " + sampleSeed + ")";
    }

    private List<Architecture> networks(PredictorKey key, Set<String> trained) {
        int resolution = key.resolution();
        int batch = key.batch();
        if (blocksFile != null) {
            return BatchInput.read("--blocks-file", blocksFile, "measured", resolution, batch).stream()
                    .filter(l -> !trained.contains(l.architectureId())).limit(samples)
                    .map(BatchInput.Line::architecture).toList();
        }
        if (presets) {
            return Networks.presets(samples, resolution, batch, trained);
        }
        SearchSpace searchSpace = space.load();
        SplittableRandom random = new SplittableRandom(sampleSeed);
        return outsideSpace ? Networks.outsideSpace(searchSpace, samples, random, resolution, batch, trained)
                : Networks.fromSpace(searchSpace, samples, random, resolution, batch, trained);
    }
}
