package dev.latm.model.predict;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * How a predictor was built, kept in its file so its quality travels with it.
 *
 * @param samples         labelled networks it was fitted on
 * @param profiledSamples how many of them carried a per-layer profile
 * @param profileScale    label milliseconds per profiled millisecond, as fitted over the profiled
 *                        samples; 0 without profiles
 * @param folds           cross-validation folds the interval and {@code crossValidation} come from
 * @param crossValidation out-of-fold accuracy on the training set: an estimate for fresh networks
 *                        of the same distribution
 * @param builtAt         when it was built, RFC 3339 UTC
 * @param fitMs           wall time of the fit, cross-validation included
 * @param architectureIds the canonical ids of the networks it was fitted on, so an evaluation can be
 *                        held out for sure (empty in a file written before they were kept)
 */
public record TrainingSummary(int samples, int profiledSamples, double profileScale, int folds,
                              Evaluation crossValidation, String builtAt, double fitMs, List<String> architectureIds) {

    public TrainingSummary {
        architectureIds = List.copyOf(architectureIds);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("samples", samples);
        json.addProperty("profiled_samples", profiledSamples);
        json.addProperty("profile_scale", profileScale);
        json.addProperty("folds", folds);
        json.add("cross_validation", crossValidation.toJson());
        json.addProperty("built_at", builtAt);
        json.addProperty("fit_ms", fitMs);
        json.add("architecture_ids", Json.strings(architectureIds));
        return json;
    }

    static TrainingSummary fromJson(JsonObject json) {
        return new TrainingSummary(Json.integer(json, "samples"), Json.integer(json, "profiled_samples"),
                Json.number(json, "profile_scale"), Json.integer(json, "folds"),
                Evaluation.fromJson(Json.object(json, "cross_validation")), Json.string(json, "built_at"),
                Json.number(json, "fit_ms"),
                // a field older readers ignore, so the format version stays
                json.has("architecture_ids") ? Json.stringList(json, "architecture_ids") : List.of());
    }
}
