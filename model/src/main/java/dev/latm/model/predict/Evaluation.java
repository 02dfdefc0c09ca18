package dev.latm.model.predict;

import com.google.gson.JsonObject;
import java.util.Locale;

/**
 * How well predictions match measured labels, in the terms latency-predictor papers report.
 *
 * @param count        labelled networks compared
 * @param within5      share with |predicted / measured - 1| <= 5%
 * @param within10     share within 10%
 * @param rmspe        root mean squared percentage error, as a fraction (0.05 = 5%)
 * @param kendallTau   Kendall's tau-b between predicted and measured order (what a search's ranking sees)
 * @param meanError    mean of predicted / measured - 1: the bias
 * @param maxAbsError  the largest |predicted / measured - 1|
 */
public record Evaluation(int count, double within5, double within10, double rmspe, double kendallTau,
                         double meanError, double maxAbsError) {

    /** @throws IllegalArgumentException when the arrays differ in length, are empty, or a label is not > 0 */
    public static Evaluation of(double[] predicted, double[] measured) {
        if (predicted.length != measured.length || measured.length == 0) {
            throw new IllegalArgumentException("need as many predictions as labels, at least one (got "
                    + predicted.length + " and " + measured.length + ")");
        }
        int n = measured.length;
        int in5 = 0;
        int in10 = 0;
        double squares = 0;
        double sum = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            if (!(measured[i] > 0)) {
                throw new IllegalArgumentException("measured[" + i + "]: must be > 0 (got " + measured[i] + ")");
            }
            double error = predicted[i] / measured[i] - 1;
            double abs = Math.abs(error);
            in5 += abs <= 0.05 ? 1 : 0;
            in10 += abs <= 0.10 ? 1 : 0;
            squares += error * error;
            sum += error;
            max = Math.max(max, abs);
        }
        return new Evaluation(n, in5 / (double) n, in10 / (double) n, Math.sqrt(squares / n),
                kendallTau(predicted, measured), sum / n, max);
    }

    /** {@link KendallTau#tauB}, with an undefined tau (one label, or every pair tied) read as no agreement. */
    static double kendallTau(double[] a, double[] b) {
        double tau = KendallTau.tauB(a, b);
        return Double.isNaN(tau) ? 0 : tau;
    }

    /** {@code n=60 within5=81.7% within10=96.7% rmspe=4.1% tau=0.912 bias=+0.3% max=14.2%}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "n=%d within5=%.1f%% within10=%.1f%% rmspe=%.2f%% tau=%.3f bias=%+.2f%% "
                + "max=%.1f%%", count, 100 * within5, 100 * within10, 100 * rmspe, kendallTau, 100 * meanError,
                100 * maxAbsError);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("count", count);
        json.addProperty("within_5", within5);
        json.addProperty("within_10", within10);
        json.addProperty("rmspe", rmspe);
        json.addProperty("kendall_tau", kendallTau);
        json.addProperty("mean_error", meanError);
        json.addProperty("max_abs_error", maxAbsError);
        return json;
    }

    static Evaluation fromJson(JsonObject json) {
        return new Evaluation(Json.integer(json, "count"), Json.number(json, "within_5"),
                Json.number(json, "within_10"), Json.number(json, "rmspe"), Json.number(json, "kendall_tau"),
                Json.number(json, "mean_error"), Json.number(json, "max_abs_error"));
    }
}
