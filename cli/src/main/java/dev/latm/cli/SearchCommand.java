package dev.latm.cli;

import dev.latm.cli.search.AccuracyException;
import dev.latm.cli.search.AccuracySource;
import dev.latm.cli.search.CommandAccuracy;
import dev.latm.cli.search.ProxyAccuracy;
import dev.latm.cli.search.RandomSearch;
import dev.latm.cli.search.LatencyPredictions;
import dev.latm.cli.search.RegularizedEvolution;
import dev.latm.cli.search.Reward;
import dev.latm.cli.search.Screening;
import dev.latm.cli.search.SearchController;
import dev.latm.cli.search.SearchSpace;
import dev.latm.cli.search.SearchStrategy;
import dev.latm.cli.search.Trial;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.PredictResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latm search}: an example latency-constrained search controller. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"An example latency-constrained architecture search (MnasNet's reward, measured latency): "
                + "propose candidates from a search space, measure LAT(m) on the device, get ACC(m), and reward "
                + "R(m) = ACC(m) * [LAT(m)/T]^w, w = --alpha when LAT(m) <= T, else --beta.",
            "",
            "It is honest about what it is: without --accuracy-cmd, ACC(m) is a PROXY (a saturating function of "
                + "MACs and parameters, labelled 'proxy' everywhere), not a trained accuracy, so the search shows "
                + "the mechanics and the latency side for real, and the accuracy side only as a stand-in. With "
                + "--accuracy-cmd, your program supplies ACC(m): the architecture JSON replaces {arch_json} in the "
                + "command (as one argument; no shell is involved, quote as in a shell), or goes to its stdin when "
                + "there is no placeholder; it must exit 0 and print a number in [0, 1] as its last line of stdout.",
            "",
            "Strategies: random (uniform sampling), and regularized evolution (Real et al. 2019): --population "
                + "random candidates, then each new one mutates one stage choice of the best of --sample members "
                + "drawn from the population, and the oldest member leaves. --search-seed fixes every random "
                + "choice: the same seed gives the same candidates (for evolution, as long as the latencies are "
                + "the same too, e.g. served from a result store). (--seed is the measurement's weight seed.)",
            "",
            "Search space (--space, default: the bundled space modelled on MobileNetV3-Large): latm.v1.SearchSpace "
                + "in protobuf JSON (proto/.../latm/v1/search_space.proto documents it), with 'stem' "
                + "and 'head' (latm.v1.Stem / Head in protobuf JSON, fixed), optional 'input' and 'se' (how an SE "
                + "choice is built), and 'stages', each with a fixed 'stride' and lists of choices: 'op' "
                + "(INVERTED_BOTTLENECK, SEPARABLE_CONV, CONV), 'kernel' (1, 3, 5, 7), 'expansion' (ratios), 'se' "
                + "(ratios, 0 = none), 'skip' (IDENTITY, NONE, POOLING), 'filters', 'repeats', 'activation' (RELU, "
                + "RELU6, HARD_SWISH, SWISH). 'comment' keys are ignored. The bundled file documents the format "
                + "in its comment: latm search --print-space.",
            "",
            "Every trial is written to --out as it completes (trial, the columns of every latm result table - "
                + "name, architecture_id, device_id, ..., lat_ms (LAT, the reward's: normalized_ms when anchored), "
                + "median_ms, ..., error - then acc, acc_source, reward, "
                + "summary, arch_json). At the end: the best "
                + "trial by reward and the Pareto front of latency vs accuracy. Works on the embedded server, one "
                + "--target, or a fleet (HOST:PORT,HOST:PORT or dns:///NAME:PORT; --parallel candidates measured "
                + "at once). Exits 1 when --accuracy-cmd fails (the trials so far stay in --out), 3 when no trial "
                + "could be measured. The Pareto front is also drawn next to --out (trials-pareto.png for trials.csv).",
            "",
            "Screening (--screen K): each round proposes --proposals candidates, predicts their LAT(m) with a "
                + "latency predictor (--predictor FILE in this process, or the Predict RPC of --target), computes "
                + "their predicted reward (ACC(m) of every proposal is evaluated for it), and measures only the K best; "
                + "--trials counts those. --screen-audit N more of the screened-out candidates, drawn at random, are "
                + "measured too (not trials: the strategy never sees them, and they go to trials.audit.csv) to say "
                + "how often screening kept the candidate that measuring every proposal would have chosen; the "
                + "trials CSV gains predicted_ms."})
final class SearchCommand implements Callable<Integer> {

    /** A search strategy. */
    enum Strategy {
        random, evolution
    }

    @Mixin
    SpaceOption space;

    @Option(names = "--print-space", description = "Print the bundled search space (with its format comment) and exit.")
    boolean printSpace;

    @Option(names = "--trials", paramLabel = "N", description = "Candidates to evaluate.")
    Integer trials;

    @Option(names = "--target-ms", paramLabel = "T", description = "Target latency T in milliseconds.")
    Double targetMs;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "-0.07",
            description = "Reward exponent when LAT <= T (default: ${DEFAULT-VALUE}; 0 for a hard constraint).")
    double alpha;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "-0.07",
            description = "Reward exponent when LAT > T (default: ${DEFAULT-VALUE}; -1 for a hard constraint).")
    double beta;

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "evolution",
            description = "random or evolution (default: ${DEFAULT-VALUE}).")
    Strategy strategy;

    @Option(names = "--population", paramLabel = "P", defaultValue = "10",
            description = "Evolution: population size, also the number of initial random candidates "
                    + "(default: ${DEFAULT-VALUE}).")
    int population;

    @Option(names = "--sample", paramLabel = "S", defaultValue = "3",
            description = "Evolution: members drawn per tournament (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--search-seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the strategy's random choices (default: ${DEFAULT-VALUE}).")
    long searchSeed;

    @Option(names = "--accuracy-cmd", paramLabel = "'CMD {arch_json}'",
            description = "Program that prints ACC(m) in [0, 1] (default: the labelled proxy).")
    String accuracyCommand;

    @Option(names = "--accuracy-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Longest one --accuracy-cmd run may take (default: ${DEFAULT-VALUE}).")
    double accuracyTimeoutSeconds;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "trials.csv",
            description = "Trials CSV (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists.")
    boolean overwrite;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "0",
            description = "Candidates proposed and measured at once (default: 1; on a fleet, one per listed device, 2 "
                    + "for a dns:/// name). On one device they go in one MeasureBatch, timed side by side "
                    + "(--interleave).")
    int parallel;

    @Mixin
    ProgressOption progress;

    @Option(names = "--screen", paramLabel = "K",
            description = "Measure only the K best of each round's proposals by predicted reward.")
    Integer screen;

    @Option(names = "--proposals", paramLabel = "M",
            description = "Screening: candidates proposed and predicted per round (default: 10 x --screen).")
    Integer proposals;

    @Option(names = "--screen-audit", paramLabel = "N", defaultValue = "1",
            description = "Screening: screened-out candidates measured per round to check the screen "
                    + "(default: ${DEFAULT-VALUE}; 0 for none).")
    int screenAudit;

    @Option(names = "--predictor", paramLabel = "FILE",
            description = "Screening: predictor file to predict with in this process (default: the Predict RPC "
                    + "of --target).")
    Path predictor;

    @Mixin
    MeasurementFlags measurement;

    @Mixin
    DeviceOptions device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter report = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (printSpace) {
            report.print(new String(SearchSpace.class.getResourceAsStream(SearchSpace.BUNDLED_RESOURCE).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            report.flush();
            return 0;
        }
        if (trials == null || targetMs == null) {
            throw new IllegalArgumentException("search needs --trials N and --target-ms T");
        }
        if (trials < 1) {
            throw new IllegalArgumentException("--trials must be >= 1 (got " + trials + ")");
        }
        if (parallel < 0) {
            throw new IllegalArgumentException("--parallel must be >= 1 (got " + parallel + ")");
        }
        Reward reward = new Reward(targetMs, alpha, beta);
        SearchSpace searchSpace = space.load();
        SearchStrategy searchStrategy = strategy == Strategy.random ? new RandomSearch(searchSpace)
                : new RegularizedEvolution(searchSpace, population, sample);
        AccuracySource accuracy = accuracyCommand == null ? new ProxyAccuracy()
                : new CommandAccuracy(accuracyCommand, Duration.ofMillis(Math.round(accuracyTimeoutSeconds * 1000)));
        int round = parallel > 0 ? parallel : roundSize();
        MeasurementOptions options = measurement.toProto();
        if (screen == null && (proposals != null || predictor != null)) {
            throw new IllegalArgumentException("--proposals and --predictor screen proposals: give --screen K too");
        }
        int proposed = screen == null ? 0 : proposals != null ? proposals : 10 * screen;
        if (screen != null) {
            Screening.check(screen, proposed, screenAudit);
        }
        Path auditFile = out.resolveSibling(out.getFileName().toString().replaceAll("\\.csv$", "") + ".audit.csv");

        try (PredictorBackend predicting = screen == null ? null
                     : PredictorBackend.open(predictor, device.target, options);
             TrialsCsv csv = TrialsCsv.create(out, overwrite, screen == null ? TrialsCsv.COLUMNS
                     : TrialsCsv.SCREENED_COLUMNS);
             TrialsCsv auditCsv = screen == null || screenAudit == 0 ? null
                     : TrialsCsv.create(auditFile, overwrite, TrialsCsv.SCREENED_COLUMNS);
             MeasurementBackend backend = device.backend(round, round)) {
            Screening screening = screen == null ? null : new Screening(screen, proposed, screenAudit,
                    latencies(predicting));
            report.printf(Locale.ROOT, "search space %s: %d stages, %.2g distinct networks%n", searchSpace.name(),
                    searchSpace.stages().size(), searchSpace.size());
            report.printf(Locale.ROOT, "strategy %s, search seed %d, %d trials, %d at a time on %s%n",
                    searchStrategy.describe(), searchSeed, trials, round, backend.describe());
            report.printf(Locale.ROOT, "reward R = ACC * (LAT / %.3f ms)^w, w = %s if LAT <= T, else %s%n", targetMs,
                    alpha, beta);
            report.println(accuracy.describe());
            if (screening != null) {
                report.printf("screening: %d proposals a round predicted by %s, the best %d by predicted reward "
                        + "measured, %d of the others audited%n", screening.proposals(), predicting.describe(),
                        screening.keep(), screening.audit());
            }
            report.flush();
            if (strategy == Strategy.evolution && trials <= population) {
                err.printf("note: --trials %d <= --population %d: evolution never gets past its random start%n",
                        trials, population);
            }
            Progress bar = progress.start(err, trials, "trials");
            SearchController controller = new SearchController(searchSpace, searchStrategy,
                    candidates -> backend.measureInOrder(candidates, options), accuracy, reward, screening);
            List<Trial> done;
            List<Trial> audited = new ArrayList<>();
            try {
                done = controller.run(trials, round, new SplittableRandom(searchSeed), new SearchController.Listener() {
                    @Override
                    public void onTrial(Trial trial) {
                        csv.write(trial);
                        bar.step(describe(trial));
                    }

                    @Override
                    public void onAudit(Trial trial) {
                        auditCsv.write(trial);
                        audited.add(trial);
                    }
                });
            } catch (AccuracyException e) {
                bar.finish();
                err.println("latm: " + e.getMessage());
                err.println("latm: the search stopped; the trials before it are in " + out);
                err.flush();
                return 1;
            } finally {
                bar.finish();
            }
            String accuracyNote = accuracy instanceof ProxyAccuracy ? "ACC is a proxy, not a trained accuracy"
                    : "ACC from --accuracy-cmd";
            SearchReport.print(done, accuracyNote, report);
            if (screening != null) {
                SearchReport.printScreening(controller.screening(), screening, report);
            }
            report.printf("%ntrials written to %s%s%n", out, auditCsv == null ? "" : ", audited candidates to "
                    + auditFile);
            Path chart = ParetoChart.next(out);
            if (ParetoChart.write(chart, done, audited, targetMs, accuracyNote)) {
                report.printf("Pareto front drawn in %s%n", chart);
            }
            report.flush();
            return done.stream().anyMatch(Trial::ok) ? 0 : LatmCli.EXIT_REFUSED;
        }
    }

    /** The predicted LAT(m) of each candidate, NaN for one the predictor refused. */
    private static LatencyPredictions latencies(PredictorBackend predictions) {
        return candidates -> {
            PredictResponse response = predictions.predict(candidates);
            return response.getPredictionsList().stream()
                    .mapToDouble(p -> p.hasError() ? Double.NaN : p.getLatMs()).toArray();
        };
    }

    /** One candidate at a time on one device; one per device on a fleet. */
    private int roundSize() {
        String target = device.target.target;
        if (!MeasurementBackend.isFleet(target)) {
            return 1;
        }
        List<String> hosts = MeasurementBackend.hosts(target);
        return hosts.isEmpty() ? 2 : hosts.size();
    }

    private static String describe(Trial t) {
        if (!t.ok()) {
            return "trial " + t.number() + " FAILED: " + t.error();
        }
        return String.format(Locale.ROOT, "trial %d  LAT %.3f ms  ACC %.4f (%s)  R %.4f%s", t.number(), t.latencyMs(),
                t.accuracy().value(), t.accuracy().source(), t.reward(),
                t.deviceId().isEmpty() ? "" : "  on " + t.deviceId());
    }
}
