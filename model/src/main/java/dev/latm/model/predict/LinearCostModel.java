package dev.latm.model.predict;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.latm.model.spec.Activation;
import java.util.Arrays;
import java.util.List;

/**
 * A linear cost model per unit kind: a unit costs a fixed launch time plus non-negative costs per
 * multiply-add, per element read and written, per weight and per element passed through each kind
 * of activation; a network costs the sum of its units plus one fixed overhead.
 *
 * <p>Every coefficient, the overhead included, is non-negative, so the per-unit breakdown means
 * something. Fitted on whole-network labels (the sum is what is measured, so all kinds are fitted
 * jointly) and, where profiles exist, on kernel-level labels too, minimising relative error.
 */
final class LinearCostModel implements LatencyModel {
    /** The cost terms of one unit, in order. */
    static final List<String> TERMS = List.of("count", "macs", "input_elements", "output_elements", "weights",
            "relu_elements", "relu6_elements", "hard_swish_elements", "swish_elements");

    private static final int KINDS = UnitKind.values().length;
    private static final int OVERHEAD = KINDS * TERMS.size();

    private final double[][] costs; // [kind][term] milliseconds per unit of the term
    private final double overheadMs;

    private LinearCostModel(double[][] costs, double overheadMs) {
        this.costs = costs;
        this.overheadMs = overheadMs;
    }

    /**
     * @param ridge           relative ridge penalty on the unit costs
     * @param unitLabelWeight weight of a kernel-level label relative to its network's label (0: ignore profiles)
     */
    static LinearCostModel fit(List<TrainingExample> examples, double ridge, double unitLabelWeight) {
        boolean unitRows = unitLabelWeight > 0 && examples.stream().anyMatch(TrainingExample::hasUnitLabels);
        double[][] networkRows = new double[examples.size()][];
        for (int n = 0; n < networkRows.length; n++) {
            networkRows[n] = new double[OVERHEAD + 1];
            for (Unit unit : examples.get(n).units()) {
                addTerms(unit, networkRows[n]);
            }
            networkRows[n][OVERHEAD] = 1;
        }
        boolean[] used = unitRows ? allTrue() : varying(networkRows);
        LeastSquares problem = new LeastSquares(OVERHEAD + 1);
        for (int n = 0; n < networkRows.length; n++) {
            TrainingExample example = examples.get(n);
            problem.add(masked(networkRows[n], used), example.labelMs(), example.weight());
            if (unitRows && example.hasUnitLabels()) {
                for (int i = 0; i < example.units().size(); i++) {
                    double[] row = new double[OVERHEAD + 1];
                    addTerms(example.units().get(i), row);
                    problem.add(row, example.unitLabelsMs()[i], unitLabelWeight * example.unitWeight(i));
                }
            }
        }
        boolean[] penalised = new boolean[OVERHEAD + 1];
        Arrays.fill(penalised, 0, OVERHEAD, true);
        // the overhead too is non-negative: on noisy labels a free intercept goes negative, which no device does
        boolean[] nonNegative = allTrue();
        double[] beta = problem.solve(ridge, penalised, nonNegative);
        double[][] costs = new double[KINDS][TERMS.size()];
        for (int kind = 0; kind < KINDS; kind++) {
            System.arraycopy(beta, kind * TERMS.size(), costs[kind], 0, TERMS.size());
        }
        return new LinearCostModel(costs, beta[OVERHEAD]);
    }

    /**
     * The terms that differ between the training networks, and the overhead. A term with the same
     * value in every network (the cost of a head every network shares, in a search space with one
     * head) cannot be told from the per-network overhead by whole-network labels: it is left out, and
     * its cost lands in the overhead. Kernel-level labels tell them apart, so with profiles every
     * term stays.
     */
    private static boolean[] varying(double[][] rows) {
        boolean[] varies = new boolean[OVERHEAD + 1];
        varies[OVERHEAD] = true;
        for (int column = 0; column < OVERHEAD; column++) {
            for (double[] row : rows) {
                if (row[column] != rows[0][column]) {
                    varies[column] = true;
                    break;
                }
            }
        }
        return varies;
    }

    private static double[] masked(double[] row, boolean[] used) {
        double[] masked = row.clone();
        for (int column = 0; column < masked.length; column++) {
            if (!used[column]) {
                masked[column] = 0;
            }
        }
        return masked;
    }

    private static boolean[] allTrue() {
        boolean[] all = new boolean[OVERHEAD + 1];
        Arrays.fill(all, true);
        return all;
    }

    private static void addTerms(Unit unit, double[] row) {
        double[] terms = terms(unit);
        int offset = unit.kind().ordinal() * TERMS.size();
        for (int t = 0; t < terms.length; t++) {
            row[offset + t] += terms[t];
        }
    }

    /** The unit's cost terms, laid out as {@link #TERMS}. */
    static double[] terms(Unit unit) {
        double[] terms = new double[TERMS.size()];
        terms[0] = 1;
        terms[1] = unit.macs();
        terms[2] = unit.inputElements();
        terms[3] = unit.outputElements();
        terms[4] = unit.weights();
        Activation activation = unit.activation();
        if (activation != Activation.NONE) {
            terms[4 + activation.ordinal()] = unit.outputElements();
        }
        return terms;
    }

    double unitMs(Unit unit) {
        double[] terms = terms(unit);
        double[] cost = costs[unit.kind().ordinal()];
        double ms = 0;
        for (int t = 0; t < terms.length; t++) {
            ms += cost[t] * terms[t];
        }
        return ms;
    }

    @Override
    public double[] unitMs(List<Unit> units) {
        double[] ms = new double[units.size()];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = unitMs(units.get(i));
        }
        return ms;
    }

    @Override
    public double overheadMs() {
        return overheadMs;
    }

    /** Milliseconds per unit of each term for {@code kind}, laid out as {@link #TERMS}. */
    double[] costs(UnitKind kind) {
        return costs[kind.ordinal()].clone();
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        JsonArray terms = new JsonArray();
        TERMS.forEach(terms::add);
        json.add("terms", terms);
        JsonObject byKind = new JsonObject();
        for (UnitKind kind : UnitKind.values()) {
            byKind.add(kind.name(), Json.array(costs[kind.ordinal()]));
        }
        json.add("costs_ms", byKind);
        json.addProperty("overhead_ms", overheadMs);
        return json;
    }

    static LinearCostModel fromJson(JsonObject json) {
        Json.requireNames(json, "terms", TERMS);
        JsonObject byKind = Json.object(json, "costs_ms");
        double[][] costs = new double[KINDS][];
        for (UnitKind kind : UnitKind.values()) {
            double[] cost = Json.doubles(byKind, kind.name());
            if (cost.length != TERMS.size()) {
                throw new PredictorFormatException("costs_ms." + kind.name() + " has " + cost.length
                        + " values, expected " + TERMS.size());
            }
            costs[kind.ordinal()] = cost;
        }
        return new LinearCostModel(costs, Json.number(json, "overhead_ms"));
    }
}
