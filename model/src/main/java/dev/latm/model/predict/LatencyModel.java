package dev.latm.model.predict;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * A fitted latency model: a cost per unit plus a fixed per-network overhead, so that per-unit
 * predictions add up to the network's by construction and the part of the whole that no unit
 * explains (session overhead, input and output handling) is one explicit, reported term.
 */
sealed interface LatencyModel permits LinearCostModel, BoostedTrees {

    /** Predicted milliseconds of each unit, aligned with {@code units}. */
    double[] unitMs(List<Unit> units);

    /** Milliseconds a network costs beyond the sum of its units. */
    double overheadMs();

    default double networkMs(List<Unit> units) {
        double total = overheadMs();
        for (double ms : unitMs(units)) {
            total += ms;
        }
        return total;
    }

    /** The model's parameters for the predictor file. */
    JsonObject toJson();

    static LatencyModel fromJson(Learner learner, JsonObject json) {
        return switch (learner) {
            case LINEAR -> LinearCostModel.fromJson(json);
            case GBRT -> BoostedTrees.fromJson(json);
        };
    }
}
