package dev.latm.model.predict;

import com.google.gson.JsonObject;

/**
 * A learner's hyperparameters, stored in the predictor file beside the model.
 *
 * @param learner         which learner
 * @param ridge           relative ridge penalty on the linear unit costs
 * @param unitLabelWeight weight of a kernel-level (profile) label relative to its network's label;
 *                        0 ignores profiles
 * @param trees           boosting rounds (GBRT)
 * @param depth           tree depth (GBRT)
 * @param learningRate    shrinkage of each round (GBRT)
 * @param minLeafUnits    fewest units in a leaf (GBRT)
 * @param subsample       share of networks each round is fitted on (GBRT)
 * @param leafRidge       ridge on a round's leaf values, in squared shares of a network (GBRT):
 *                        0.01 halves the step of a leaf holding 1% of each of 100 networks
 */
public record LearnerParams(Learner learner, double ridge, double unitLabelWeight, int trees, int depth,
                            double learningRate, int minLeafUnits, double subsample, double leafRidge) {

    public LearnerParams {
        check(ridge >= 0, "ridge", "must be >= 0", ridge);
        check(unitLabelWeight >= 0, "unit_label_weight", "must be >= 0", unitLabelWeight);
        check(trees >= 0, "trees", "must be >= 0", trees);
        check(depth >= 1 && depth <= 12, "depth", "must be in [1, 12]", depth);
        check(learningRate > 0 && learningRate <= 1, "learning_rate", "must be in (0, 1]", learningRate);
        check(minLeafUnits >= 1, "min_leaf_units", "must be >= 1", minLeafUnits);
        check(subsample > 0 && subsample <= 1, "subsample", "must be in (0, 1]", subsample);
        check(leafRidge >= 0, "leaf_ridge", "must be >= 0", leafRidge);
    }

    /**
     * Starting points, not verdicts: on the provisional (noisy) dataset no setting stood out, and
     * {@link PredictorBuilder#rank} chooses among candidates on the device's own data.
     */
    public static LearnerParams defaults(Learner learner) {
        return new LearnerParams(learner, 1e-4, 0, learner == Learner.GBRT ? 200 : 0, 3, 0.1, 20, 0.8, 1e-2);
    }

    public LearnerParams withUnitLabelWeight(double weight) {
        return new LearnerParams(learner, ridge, weight, trees, depth, learningRate, minLeafUnits, subsample,
                leafRidge);
    }

    public LearnerParams withTrees(int count, int treeDepth, double rate) {
        return new LearnerParams(learner, ridge, unitLabelWeight, count, treeDepth, rate, minLeafUnits, subsample,
                leafRidge);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("learner", learner.id());
        json.addProperty("ridge", ridge);
        json.addProperty("unit_label_weight", unitLabelWeight);
        json.addProperty("trees", trees);
        json.addProperty("depth", depth);
        json.addProperty("learning_rate", learningRate);
        json.addProperty("min_leaf_units", minLeafUnits);
        json.addProperty("subsample", subsample);
        json.addProperty("leaf_ridge", leafRidge);
        return json;
    }

    static LearnerParams fromJson(JsonObject json) {
        return Json.within("learner", () -> new LearnerParams(Json.parsed(json, "learner", Learner::parse),
                Json.number(json, "ridge"), Json.number(json, "unit_label_weight"), Json.integer(json, "trees"),
                Json.integer(json, "depth"), Json.number(json, "learning_rate"), Json.integer(json, "min_leaf_units"),
                Json.number(json, "subsample"), Json.number(json, "leaf_ridge")));
    }

    private static void check(boolean ok, String field, String rule, double value) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + rule + " (got " + value + ")");
        }
    }
}
