package dev.latm.model.predict;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares learners on a real dataset (not a test: a tool whose figures choose the learner).
 *
 * <pre>
 * java -cp model/target/classes:model/target/test-classes:cli/target/lib/'*' \
 *     dev.latm.model.predict.LearnerComparison DATA.jsonl [--label median_ms] [--train-share 0.7] [EXTRA.jsonl ...]
 * </pre>
 *
 * DATA.jsonl: result-store JSON lines (with profiles where measured). The first --train-share of its
 * rows, in measurement order, are the training set (5-fold cross-validated), the rest the held-out
 * set; every EXTRA file (e.g. architectures outside the search space) is predicted by the model fitted
 * on the training set.
 */
public final class LearnerComparison {

    public static void main(String[] args) throws IOException {
        LatencyLabel label = LatencyLabel.MEDIAN_MS;
        double trainShare = 0.7;
        List<Path> extra = new ArrayList<>();
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--label" -> label = LatencyLabel.parse(args[++i]);
                case "--train-share" -> trainShare = Double.parseDouble(args[++i]);
                default -> {
                    if (data == null) {
                        data = Path.of(args[i]);
                    } else {
                        extra.add(Path.of(args[i]));
                    }
                }
            }
        }
        LatencyDataset all = read(data, label);
        int trainCount = (int) Math.round(all.samples().size() * trainShare);
        LatencyDataset train = new LatencyDataset(all.key(), label, all.samples().subList(0, trainCount));
        List<LatencySample> heldOut = all.samples().subList(trainCount, all.samples().size());
        Map<String, List<LatencySample>> extraSets = new LinkedHashMap<>();
        for (Path path : extra) {
            extraSets.put(path.getFileName().toString(), read(path, label).samples());
        }
        System.out.printf(Locale.ROOT, "%s, label %s: %d training (%d profiled), %d held out%n", all.key().describe(),
                label.field(), train.samples().size(),
                train.samples().stream().filter(LatencySample::hasProfile).count(), heldOut.size());
        profileVersusLabel(train);
        macsBaseline(train, heldOut);

        for (LearnerParams params : candidates()) {
            PredictorBuilder.CrossValidation cv = PredictorBuilder.crossValidate(train, params, 5, 1);
            long start = System.nanoTime();
            LatencyPredictor predictor = PredictorBuilder.build(train, params, PredictorBuilder.Options.DEFAULT,
                    Clock.systemUTC());
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%n%s (build incl. 5-fold CV %.1f s, overhead %.3f ms, interval %s)%n",
                    describe(params), buildSeconds, predictor.model().overheadMs(), predictor.interval());
            System.out.println("  cv       " + cv.evaluation());
            if (!heldOut.isEmpty()) {
                System.out.println("  held out " + PredictorBuilder.evaluate(predictor, heldOut)
                        + "  coverage " + coverage(predictor, heldOut));
            }
            for (Map.Entry<String, List<LatencySample>> set : extraSets.entrySet()) {
                System.out.println("  " + set.getKey() + " " + PredictorBuilder.evaluate(predictor, set.getValue()));
            }
            System.out.printf(Locale.ROOT, "  predict %.1f us per architecture (compile included)%n",
                    microsPerPrediction(predictor, heldOut.isEmpty() ? train.samples() : heldOut));
        }
    }

    private static List<LearnerParams> candidates() {
        LearnerParams linear = LearnerParams.defaults(Learner.LINEAR);
        LearnerParams gbrt = LearnerParams.defaults(Learner.GBRT);
        return List.of(linear, linear.withUnitLabelWeight(1), gbrt, gbrt.withUnitLabelWeight(1),
                gbrt.withTrees(100, 2, 0.1), gbrt.withTrees(400, 4, 0.05));
    }

    private static String describe(LearnerParams p) {
        return p.learner().id() + (p.unitLabelWeight() > 0 ? " + profiles (weight " + p.unitLabelWeight() + ")" : "")
                + (p.learner() == Learner.GBRT ? String.format(Locale.ROOT, " trees=%d depth=%d rate=%.2f", p.trees(),
                p.depth(), p.learningRate()) : "");
    }

    /** How the profiled pass's total relates to the label, and how much of it each unit kind takes. */
    private static void profileVersusLabel(LatencyDataset train) {
        List<Double> ratios = new ArrayList<>();
        Map<UnitKind, Double> byKind = new LinkedHashMap<>();
        double total = 0;
        for (LatencySample sample : train.samples()) {
            if (!sample.hasProfile()) {
                continue;
            }
            ratios.add(sample.layerMs().values().stream().mapToDouble(Double::doubleValue).sum() / sample.labelMs());
            CompiledArchitecture compiled = CompiledArchitecture.compile(sample.architecture(), Limits.DEFAULT,
                    train.key().resolution(), train.key().batch());
            for (Unit unit : Units.of(compiled.network())) {
                double ms = sample.layerMs().getOrDefault(unit.layer(), 0.0);
                byKind.merge(unit.kind(), ms, Double::sum);
                total += ms;
            }
        }
        if (ratios.isEmpty()) {
            return;
        }
        double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "profile total / label: median %.3f, 10%% %.3f, 90%% %.3f%n",
                PredictionInterval.quantile(sorted, 0.5), PredictionInterval.quantile(sorted, 0.1),
                PredictionInterval.quantile(sorted, 0.9));
        StringBuilder shares = new StringBuilder("profiled time by unit kind:");
        for (Map.Entry<UnitKind, Double> entry : byKind.entrySet()) {
            shares.append(String.format(Locale.ROOT, " %s %.1f%%", entry.getKey(), 100 * entry.getValue() / total));
        }
        System.out.println(shares);
    }

    /** The naive reference: latency = a + b * MACs, fitted for relative error. */
    private static void macsBaseline(LatencyDataset train, List<LatencySample> heldOut) {
        LeastSquares problem = new LeastSquares(2);
        for (LatencySample sample : train.samples()) {
            problem.add(new double[] {1, macs(sample, train.key())}, sample.labelMs(),
                    1 / (sample.labelMs() * sample.labelMs()));
        }
        double[] beta = problem.solve(0, new boolean[2], new boolean[2]);
        if (heldOut.isEmpty()) {
            return;
        }
        double[] predicted = heldOut.stream().mapToDouble(s -> beta[0] + beta[1] * macs(s, train.key())).toArray();
        double[] measured = heldOut.stream().mapToDouble(LatencySample::labelMs).toArray();
        System.out.println("MACs-only baseline, held out " + Evaluation.of(predicted, measured));
    }

    private static double macs(LatencySample sample, PredictorKey key) {
        return CompiledArchitecture.compile(sample.architecture(), Limits.DEFAULT, key.resolution(), key.batch())
                .cost().macs();
    }

    private static String coverage(LatencyPredictor predictor, List<LatencySample> samples) {
        int inside = 0;
        for (LatencySample sample : samples) {
            Prediction p = predictor.predict(sample.architecture());
            inside += sample.labelMs() >= p.lowMs() && sample.labelMs() <= p.highMs() ? 1 : 0;
        }
        return String.format(Locale.ROOT, "%.0f%% inside the %.0f%% interval", 100.0 * inside / samples.size(),
                100 * predictor.interval().coverage());
    }

    private static double microsPerPrediction(LatencyPredictor predictor, List<LatencySample> samples) {
        int rounds = 20;
        double sink = 0;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (LatencySample sample : samples) {
                sink += predictor.predict(sample.architecture()).latencyMs();
            }
        }
        long elapsed = System.nanoTime() - start;
        if (sink < 0) {
            System.out.println(sink); // keeps the loop from being optimised away
        }
        return elapsed / 1e3 / (rounds * (double) samples.size());
    }

    private static LatencyDataset read(Path path, LatencyLabel label) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(path)) {
            return LatencyDataset.readJsonLines(in, label);
        }
    }

    private LearnerComparison() {
    }
}
