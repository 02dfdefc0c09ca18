package dev.latm.cli;

import dev.latm.cli.predictor.Fit;
import dev.latm.cli.predictor.Networks;
import dev.latm.cli.search.SearchSpace;
import dev.latm.client.results.StatusText;
import dev.latm.model.predict.LatencyDataset;
import dev.latm.model.predict.LatencyLabel;
import dev.latm.model.predict.Learner;
import dev.latm.model.predict.PredictorFile;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code latm predictor build}: a measurement campaign on a device, and the predictor fitted on it. */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure --samples distinct random networks of a search space on a device and fit a latency "
                + "predictor to them; write it to --out, keyed by the device, the engine and its version, threads, "
                + "resolution, batch and dtype.",
            "",
            "The networks go to the device in MeasureBatch streams (interleaved where the device interleaves), and "
                + "every result is stored in the device's result store (with --target the server's; in process, "
                + "--store FILE) and appended to --samples-file as it arrives. Rerun the same command after an "
                + "interruption and it resumes: what is in --samples-file is not measured again, and what the store "
                + "holds comes back from it. --profile also records per-layer profiles, and the learners fed with "
                + "them compete with those without (on noisy labels they did worse).",
            "",
            "The learner is chosen by k-fold cross-validation on the device's own data (linear cost per unit kind, "
                + "gradient-boosted trees). Labels: normalized_ms, the drift-proof LAT of reference anchoring, when "
                + "every result has it; otherwise median_ms, and the command says so (--label picks one).",
            "",
            "Prints the campaign's and the fit's time, the cross-validation of every learner and the chosen "
                + "predictor's figures. Exits 3 when fewer networks than --folds could be measured."})
final class PredictorBuildCommand implements Callable<Integer> {

    @Mixin
    SpaceOption space;

    @Option(names = "--samples", paramLabel = "N", required = true, description = "Networks to measure.")
    int samples;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Predictor file to write.")
    Path out;

    @Option(names = "--samples-file", paramLabel = "FILE",
            description = "Measured results, appended as they arrive and resumed from (default: --out with "
                    + "'.samples.jsonl' for its extension).")
    Path samplesFile;

    @Option(names = "--sample-seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the networks drawn (default: ${DEFAULT-VALUE}; eval draws with another).")
    long sampleSeed;

    @Option(names = "--folds", paramLabel = "K", defaultValue = "5",
            description = "Cross-validation folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--learners", paramLabel = "NAME", split = ",", defaultValue = "linear,gbrt",
            description = "Learners to choose among: linear, gbrt (default: ${DEFAULT-VALUE}).")
    List<String> learners;

    @Option(names = "--label", paramLabel = "LABEL", defaultValue = "auto",
            description = "auto, normalized_ms, median_ms or min_ms (default: ${DEFAULT-VALUE}: normalized_ms when "
                    + "every result is anchored, else median_ms).")
    String label;

    @Mixin
    Measuring measuring = new Measuring(new MeasurementFlags.Campaign());

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be >= 2 (got " + folds + ")");
        }
        if (samples < folds) {
            throw new IllegalArgumentException("--samples must be >= --folds (" + folds + ") to cross-validate (got "
                    + samples + ")");
        }
        measuring.device.requireOneDevice("a predictor learns one device");
        List<Learner> chosen = learners.stream().map(Learner::parse).distinct().toList();
        LatencyLabel forced = label.equals("auto") ? null : LatencyLabel.parse(label);
        PrintWriter report = measuring.out();
        PrintWriter err = measuring.err();
        long start = System.nanoTime();

        SearchSpace searchSpace = space.load();
        MeasurementOptions options = measuring.measurement.toProto();
        List<Architecture> networks = Networks.fromSpace(searchSpace, samples, new SplittableRandom(sampleSeed),
                options.getResolution(), options.getBatch(), Set.of());
        Map<String, Architecture> byId = networks.stream().collect(Collectors.toMap(
                n -> Networks.id(n, options.getResolution(), options.getBatch()), Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new));
        Path file = samplesFile != null ? samplesFile : PredictorCommand.beside(out, ".samples.jsonl");
        Campaign campaign;
        try (SamplesFile results = SamplesFile.open(file)) {
            campaign = measure(searchSpace, byId, options, results, report, err);
        }
        double campaignSeconds = (System.nanoTime() - start) / 1e9;
        if (campaign.rows().size() < folds) {
            err.printf("latm: %d of %d networks were measured, fewer than the %d folds to cross-validate: no "
                    + "predictor was built%n", campaign.rows().size(), samples, folds);
            err.flush();
            return LatmCli.EXIT_REFUSED;
        }
        List<MeasureResponse> results = campaign.rows().stream().map(LatencyDataset.Row::result).toList();
        LatencyLabel chosenLabel = forced != null ? forced : LatencyLabel.best(results);
        report.println(labelNote(chosenLabel, forced != null, results));
        LatencyDataset data = LatencyDataset.of(campaign.rows(), chosenLabel);
        boolean profiled = data.samples().stream().anyMatch(s -> s.hasProfile());
        Fit.Result fit = Fit.run(data, Fit.candidates(chosen, profiled), folds, sampleSeed, Clock.systemUTC());
        PredictorFile.save(fit.predictor(), out);

        Fit.print(fit, folds, report);
        report.printf("predictor %s for %s written to %s%n", fit.predictor().id(), fit.predictor().key().describe(),
                out);
        report.printf(Locale.ROOT, "time: campaign %.1f s (%d measured, %d from the store, %d already in %s), fit "
                        + "%.2f s (cross-validation of %d candidates and the final fit), build %.1f s in all; "
                        + "prediction %.1f us per network (mean over the training networks)%n", campaignSeconds,
                campaign.measured(), campaign.fromStore(), campaign.resumed(), file, fit.fitSeconds(),
                fit.ranked().size(), campaignSeconds + fit.fitSeconds(), fit.predictMicros());
        report.flush();
        return 0;
    }

    /** What a campaign gathered: this campaign's results, and where they came from. */
    private record Campaign(List<LatencyDataset.Row> rows, int measured, int fromStore, int resumed) {
    }

    private Campaign measure(SearchSpace searchSpace, Map<String, Architecture> byId, MeasurementOptions options,
                             SamplesFile results, PrintWriter report, PrintWriter err) throws InterruptedException {
        Set<String> resumed = new HashSet<>();
        for (LatencyDataset.Row row : results.rows()) {
            if (byId.containsKey(row.result().getArchitectureId())) {
                resumed.add(row.result().getArchitectureId());
            }
        }
        List<Architecture> todo = new ArrayList<>();
        byId.forEach((id, network) -> {
            if (!resumed.contains(id)) {
                todo.add(network);
            }
        });
        report.printf("campaign: %d networks of %s (sample seed %d); %d already in %s%s%n", byId.size(),
                searchSpace.name(), sampleSeed, resumed.size(), results.path(),
                results.droppedTail() ? " (an unfinished last line was cut off)" : "");
        int[] counts = new int[2]; // measured, from the store
        List<String> failures = new ArrayList<>();
        if (!todo.isEmpty()) {
            report.flush(); // the campaign's line before the progress on stderr
            measuring.measureAll(todo, options, (index, response) -> {
                Architecture network = todo.get(index);
                if (response.hasError()) {
                    failures.add(network.getName() + ": " + StatusText.of(response.getError()));
                    return network.getName() + " FAILED: " + StatusText.of(response.getError());
                }
                results.append(response, network);
                counts[response.getFromStore() ? 1 : 0]++;
                return String.format(Locale.ROOT, "%s %.3f ms%s", network.getName(), response.getLatMs() > 0
                        ? response.getLatMs() : response.getLatency().getMedianMs(),
                        response.getFromStore() ? " (stored)" : "");
            });
        }
        if (!failures.isEmpty()) {
            err.printf("%d networks could not be measured (rerun to try them again):%n  %s%n", failures.size(),
                    String.join("\n  ", failures));
            err.flush();
        }
        List<LatencyDataset.Row> rows = results.rows().stream()
                .filter(row -> byId.containsKey(row.result().getArchitectureId())).toList();
        int others = results.rows().size() - rows.size();
        if (others > 0) {
            report.printf("(%d results in %s are of networks outside this campaign: left out)%n", others,
                    results.path());
        }
        return new Campaign(rows, counts[0], counts[1], resumed.size());
    }

    /** Which statistic the predictor learns, said out loud when it is not the anchored one. */
    private static String labelNote(LatencyLabel label, boolean forced, List<MeasureResponse> results) {
        if (label == LatencyLabel.NORMALIZED_MS) {
            return "labels: normalized_ms (anchored.normalized_ms: drift-proof)";
        }
        long anchored = results.stream().filter(r -> LatencyLabel.NORMALIZED_MS.of(r).isPresent()).count();
        return "labels: " + label.field() + " (" + label.path() + ")" + (forced ? ", as --label asks" : "")
                + (anchored < results.size() ? "; " + (results.size() - anchored) + " of " + results.size()
                + " results carry no anchored.normalized_ms (measured without reference anchoring), so the "
                + "predictor learns raw latencies, only as steady as the host was during the campaign" : "");
    }
}
