package dev.latm.cli.predictor;

import dev.latm.model.predict.Evaluation;
import dev.latm.model.predict.LatencyDataset;
import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.LatencySample;
import dev.latm.model.predict.Learner;
import dev.latm.model.predict.LearnerParams;
import dev.latm.model.predict.PredictorBuilder;
import dev.latm.proto.v1.Architecture;
import dev.latm.server.predict.PredictorInfos;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses a learner for a dataset by cross-validation and fits it: the step of {@code latm predictor
 * build} after its campaign. Which learner wins is measured on the device's own data every time, not
 * fixed in advance: on noisy labels the linear model held up, on clean ones trees may win.
 */
public final class Fit {
    /**
     * Predictions made, over and over the same networks, to warm the JIT up and then to time one: a
     * thousand each way is a fraction of a second, and a figure the first, interpreted calls do not skew.
     */
    private static final int TIMING_PREDICTIONS = 1000;

    private Fit() {
    }

    /**
     * What was fitted, and what it cost.
     *
     * @param predictor       the chosen learner fitted on every sample
     * @param ranked          every candidate with its cross-validated accuracy, best first
     * @param fitSeconds      ranking plus the final fit
     * @param predictMicros   mean time of one prediction (validation and lowering included)
     */
    public record Result(LatencyPredictor predictor, List<PredictorBuilder.Ranked> ranked, double fitSeconds,
                         double predictMicros) {
    }

    /** The candidates: each learner, and with profiled samples also each learner fed their per-layer times. */
    public static List<LearnerParams> candidates(List<Learner> learners, boolean profiled) {
        List<LearnerParams> candidates = new ArrayList<>();
        for (Learner learner : learners) {
            LearnerParams params = LearnerParams.defaults(learner);
            candidates.add(params);
            if (profiled) {
                candidates.add(params.withUnitLabelWeight(1));
            }
        }
        return candidates;
    }

    /**
     * @throws IllegalArgumentException when there are fewer samples than folds
     */
    public static Result run(LatencyDataset data, List<LearnerParams> candidates, int folds, long seed, Clock clock) {
        long start = System.nanoTime();
        List<PredictorBuilder.Ranked> ranked = PredictorBuilder.rank(data, candidates, folds, seed);
        LatencyPredictor predictor = PredictorBuilder.build(data, ranked.get(0).params(),
                new PredictorBuilder.Options(folds, PredictorBuilder.Options.DEFAULT.coverage(), seed), clock);
        double fitSeconds = (System.nanoTime() - start) / 1e9;
        return new Result(predictor, ranked, fitSeconds, predictMicros(predictor,
                data.samples().stream().map(LatencySample::architecture).toList()));
    }

    /**
     * Mean microseconds of {@link LatencyPredictor#predict(Architecture)} (validation and lowering
     * included) over the networks, after as many predictions again to warm up.
     */
    public static double predictMicros(LatencyPredictor predictor, List<Architecture> networks) {
        int passes = Math.max(1, TIMING_PREDICTIONS / networks.size());
        for (int pass = 0; pass < passes; pass++) {
            networks.forEach(predictor::predict);
        }
        long start = System.nanoTime();
        for (int pass = 0; pass < passes; pass++) {
            networks.forEach(predictor::predict);
        }
        return (System.nanoTime() - start) / 1e3 / (passes * (double) networks.size());
    }

    /** The cross-validation table, best first, and the choice. */
    public static void print(Result result, int folds, PrintWriter out) {
        out.printf(Locale.ROOT, "cross-validation (%d folds) on %d networks, best first:%n", folds,
                result.predictor().training().samples());
        String row = "  %-7s  %-8s  %9s  %10s  %7s  %7s%n";
        out.printf(row, "learner", "profiles", "within 5%", "within 10%", "RMSPE", "tau");
        for (PredictorBuilder.Ranked ranked : result.ranked()) {
            Evaluation cv = ranked.crossValidation().evaluation();
            out.printf(Locale.ROOT, row, ranked.params().learner().id(), ranked.params().unitLabelWeight() > 0
                    ? "used" : "no", percent(cv.within5()), percent(cv.within10()), percent(cv.rmspe()),
                    String.format(Locale.ROOT, "%.3f", cv.kendallTau()));
        }
        LatencyPredictor predictor = result.predictor();
        out.printf(Locale.ROOT, "chose %s%s: %s%n", predictor.params().learner().id(),
                predictor.params().unitLabelWeight() > 0 ? " with per-layer profiles" : "",
                PredictorText.accuracy(PredictorInfos.accuracy(predictor.training().crossValidation())));
        out.printf(Locale.ROOT, "prediction interval: %.0f%% of fresh networks within [%+.1f%%, %+.1f%%] of the "
                        + "prediction (out-of-fold residuals)%n", 100 * predictor.interval().coverage(),
                100 * predictor.interval().low(), 100 * predictor.interval().high());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
