package dev.latm.model.predict;

import com.google.gson.JsonObject;
import java.util.Arrays;

/**
 * A prediction interval from out-of-fold relative errors: a fresh network's measured latency falls in
 * {@code [predicted * (1 + low), predicted * (1 + high)]} with the given coverage. Errors are relative
 * because latency noise and model error both scale with the latency.
 *
 * @param coverage nominal coverage in (0, 1)
 * @param low      the (1 - coverage) / 2 quantile of measured / predicted - 1
 * @param high     the (1 + coverage) / 2 quantile
 */
public record PredictionInterval(double coverage, double low, double high) {

    public PredictionInterval {
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage: must be in (0, 1) (got " + coverage + ")");
        }
        if (!(low <= high) || low <= -1) {
            throw new IllegalArgumentException("interval: need -1 < low <= high (got " + low + ", " + high + ")");
        }
    }

    /** From predictions of networks the model did not see, and their labels. */
    static PredictionInterval fromResiduals(double[] predicted, double[] measured, double coverage) {
        double[] ratios = new double[predicted.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = measured[i] / predicted[i] - 1;
        }
        Arrays.sort(ratios);
        return new PredictionInterval(coverage, quantile(ratios, (1 - coverage) / 2),
                quantile(ratios, (1 + coverage) / 2));
    }

    /** Linear interpolation between order statistics of a sorted array. */
    static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    Prediction around(double latencyMs) {
        return new Prediction(latencyMs, latencyMs * (1 + low), latencyMs * (1 + high), coverage);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("coverage", coverage);
        json.addProperty("low", low);
        json.addProperty("high", high);
        return json;
    }

    static PredictionInterval fromJson(JsonObject json) {
        return Json.within("interval", () -> new PredictionInterval(Json.number(json, "coverage"),
                Json.number(json, "low"), Json.number(json, "high")));
    }
}
