package dev.latm.model.predict;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Fits predictors: k-fold cross-validation first (its out-of-fold errors give the prediction
 * interval and an honest accuracy estimate), then the final model on every sample.
 */
public final class PredictorBuilder {
    private PredictorBuilder() {
    }

    /**
     * @param folds    cross-validation folds, >= 2
     * @param coverage the prediction interval's nominal coverage, in (0, 1)
     * @param seed     seed of the fold assignment and of the learners' subsampling
     */
    public record Options(int folds, double coverage, long seed) {
        public static final Options DEFAULT = new Options(5, 0.9, 1);

        public Options {
            if (folds < 2) {
                throw new IllegalArgumentException("folds: must be >= 2 (got " + folds + ")");
            }
            if (!(coverage > 0 && coverage < 1)) {
                throw new IllegalArgumentException("coverage: must be in (0, 1) (got " + coverage + ")");
            }
        }
    }

    /**
     * Out-of-fold predictions: each sample predicted by a model fitted without it.
     *
     * @param predicted aligned with the dataset's samples
     * @param measured  the labels
     */
    public record CrossValidation(double[] predicted, double[] measured, Evaluation evaluation) {
    }

    /** @throws IllegalArgumentException when there are fewer samples than folds */
    public static LatencyPredictor build(LatencyDataset data, LearnerParams params, Options options, Clock clock) {
        Instant start = clock.instant();
        Prepared prepared = prepare(data);
        List<TrainingExample> examples = prepared.examples();
        CrossValidation cv = crossValidate(examples, params, options.folds(), options.seed());
        LatencyModel model = fit(examples, params, new SplittableRandom(options.seed()));
        PredictionInterval interval = PredictionInterval.fromResiduals(cv.predicted(), cv.measured(),
                options.coverage());
        Instant end = clock.instant();
        int profiled = (int) examples.stream().filter(TrainingExample::hasUnitLabels).count();
        TrainingSummary training = new TrainingSummary(examples.size(), profiled, prepared.profileScale(),
                options.folds(), cv.evaluation(), end.truncatedTo(ChronoUnit.SECONDS).toString(),
                start.until(end, ChronoUnit.MICROS) / 1000.0,
                examples.stream().map(TrainingExample::id).toList());
        return new LatencyPredictor(data.key(), data.label(), params, model, interval, training);
    }

    /** Cross-validates a learner on a dataset, without building a predictor: for choosing learners. */
    public static CrossValidation crossValidate(LatencyDataset data, LearnerParams params, int folds, long seed) {
        return crossValidate(examples(data), params, folds, seed);
    }

    /** A learner with its cross-validated accuracy. */
    public record Ranked(LearnerParams params, CrossValidation crossValidation) {
    }

    /**
     * Cross-validates every candidate on the same folds and ranks them by RMSPE, best first: the
     * learner is chosen by measurement on the device's own data, not fixed in advance.
     */
    public static List<Ranked> rank(LatencyDataset data, List<LearnerParams> candidates, int folds, long seed) {
        List<TrainingExample> examples = examples(data);
        List<Ranked> ranked = new ArrayList<>();
        for (LearnerParams params : candidates) {
            ranked.add(new Ranked(params, crossValidate(examples, params, folds, seed)));
        }
        ranked.sort(Comparator.comparingDouble(r -> r.crossValidation().evaluation().rmspe()));
        return ranked;
    }

    /** How a predictor does on samples it was not built on. */
    public static Evaluation evaluate(LatencyPredictor predictor, List<LatencySample> samples) {
        double[] predicted = new double[samples.size()];
        double[] measured = new double[samples.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = predictor.predict(samples.get(i).architecture()).latencyMs();
            measured[i] = samples.get(i).labelMs();
        }
        return Evaluation.of(predicted, measured);
    }

    static CrossValidation crossValidate(List<TrainingExample> examples, LearnerParams params, int folds,
                                         long seed) {
        if (examples.size() < folds) {
            throw new IllegalArgumentException("need at least " + folds + " samples for " + folds
                    + "-fold cross-validation (got " + examples.size() + ")");
        }
        int[] foldOf = foldAssignment(examples.size(), folds, new SplittableRandom(seed));
        double[] predicted = new double[examples.size()];
        double[] measured = new double[examples.size()];
        for (int fold = 0; fold < folds; fold++) {
            List<TrainingExample> train = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (foldOf[i] != fold) {
                    train.add(examples.get(i));
                }
            }
            LatencyModel model = fit(train, params, new SplittableRandom(seed + 1 + fold));
            for (int i = 0; i < examples.size(); i++) {
                if (foldOf[i] == fold) {
                    predicted[i] = model.networkMs(examples.get(i).units());
                    measured[i] = examples.get(i).labelMs();
                }
            }
        }
        return new CrossValidation(predicted, measured, Evaluation.of(predicted, measured));
    }

    static LatencyModel fit(List<TrainingExample> examples, LearnerParams params, RandomGenerator random) {
        return switch (params.learner()) {
            case LINEAR -> LinearCostModel.fit(examples, params.ridge(), params.unitLabelWeight());
            case GBRT -> BoostedTrees.fit(examples, params, random);
        };
    }

    /** A random fold per sample, as balanced as the count allows. */
    private static int[] foldAssignment(int count, int folds, RandomGenerator random) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] foldOf = new int[count];
        for (int position = 0; position < count; position++) {
            foldOf[order[position]] = position % folds;
        }
        return foldOf;
    }

    static List<TrainingExample> examples(LatencyDataset data) {
        return prepare(data).examples();
    }

    /** A dataset compiled into examples, with the scale its profiles were converted by. */
    record Prepared(List<TrainingExample> examples, double profileScale) {
    }

    static Prepared prepare(LatencyDataset data) {
        List<CompiledArchitecture> compiled = new ArrayList<>(data.samples().size());
        for (LatencySample sample : data.samples()) {
            compiled.add(CompiledArchitecture.compile(sample.architecture(), Limits.DEFAULT, data.key().resolution(),
                    data.key().batch()));
        }
        double scale = profileScale(data.samples(), compiled);
        List<TrainingExample> examples = new ArrayList<>(compiled.size());
        for (int i = 0; i < compiled.size(); i++) {
            LatencySample sample = data.samples().get(i);
            List<Unit> units = Units.of(compiled.get(i).network());
            double[] unitLabels = scale > 0 && sample.hasProfile() ? profiled(sample, units, scale) : null;
            examples.add(new TrainingExample(compiled.get(i).id(), units, sample.labelMs(), unitLabels));
        }
        return new Prepared(examples, scale);
    }

    /**
     * How profile milliseconds convert to label milliseconds: the slope of {@code label ~ scale *
     * profiled total + overhead} over the profiled samples. A profile is a separate pass (profiler
     * overhead, another moment on the host, and an anchored label's own scale), so its times are
     * trusted for how a network's time divides among units, one scale for the whole dataset. Scaling
     * each network's profile to its own label instead would force the overhead to zero and leave it
     * unidentifiable. 0 when fewer than three samples carry a profile.
     */
    static double profileScale(List<LatencySample> samples, List<CompiledArchitecture> compiled) {
        LeastSquares fit = new LeastSquares(2);
        int profiled = 0;
        for (int i = 0; i < samples.size(); i++) {
            LatencySample sample = samples.get(i);
            if (!sample.hasProfile()) {
                continue;
            }
            double total = 0;
            for (Unit unit : Units.of(compiled.get(i).network())) {
                total += sample.layerMs().getOrDefault(unit.layer(), 0.0);
            }
            if (total > 0) {
                fit.add(new double[] {total, 1}, sample.labelMs(), 1 / (sample.labelMs() * sample.labelMs()));
                profiled++;
            }
        }
        return profiled < 3 ? 0 : fit.solve(0, new boolean[2], new boolean[] {true, true})[0];
    }

    /** Kernel-level labels aligned with the units; 0 for a layer the runtime fused into a neighbour. */
    private static double[] profiled(LatencySample sample, List<Unit> units, double scale) {
        double[] labels = new double[units.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = scale * sample.layerMs().getOrDefault(units.get(i).layer(), 0.0);
        }
        return labels;
    }
}
