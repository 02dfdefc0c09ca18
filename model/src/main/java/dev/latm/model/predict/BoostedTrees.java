package dev.latm.model.predict;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Gradient-boosted regression trees that correct a {@link LinearCostModel} unit by unit: a unit
 * costs {@code linear(u) * exp(sum of the trees' values at u's features)}, so units stay additive
 * and non-negative, and a tree's leaf is a relative correction that transfers across unit sizes.
 *
 * <p>Only whole networks are labelled (profiles optionally label units), so each round is a
 * Gauss-Newton step on the network-level relative error: a tree is grown on unit-level targets
 * (the log ratio of the unit's own label to its prediction where a profile gives one, else of its
 * network's), and its leaf values are then fitted by least squares against the networks' residuals,
 * together with a correction of the per-network overhead.
 */
final class BoostedTrees implements LatencyModel {
    private static final double MAX_LOG_STEP = 2;

    private final LinearCostModel base;
    private final List<RegressionTree> trees;
    private final double overheadMs;

    private BoostedTrees(LinearCostModel base, List<RegressionTree> trees, double overheadMs) {
        this.base = base;
        this.trees = List.copyOf(trees);
        this.overheadMs = overheadMs;
    }

    static BoostedTrees fit(List<TrainingExample> examples, LearnerParams params, RandomGenerator random) {
        LinearCostModel base = LinearCostModel.fit(examples, params.ridge(), params.unitLabelWeight());
        Flat data = new Flat(examples, base);
        RegressionTree.Grower grower = new RegressionTree.Grower(data.features);
        double[] logCorrection = new double[data.size()];
        double overhead = base.overheadMs();
        List<RegressionTree> trees = new ArrayList<>();
        double[] unitMs = new double[data.size()];
        double[] target = new double[data.size()];
        double[] weight = new double[data.size()];
        for (int round = 0; round < params.trees(); round++) {
            double[] networkMs = data.predict(logCorrection, overhead, unitMs);
            boolean[] sampled = new boolean[examples.size()];
            for (int n = 0; n < sampled.length; n++) {
                sampled[n] = params.subsample() >= 1 || random.nextDouble() < params.subsample();
            }
            for (int u = 0; u < data.size(); u++) {
                int n = data.network[u];
                double label = data.unitLabel[u];
                boolean ownLabel = label > 0 && unitMs[u] > 0;
                boolean usable = sampled[n] && unitMs[u] > 0 && networkMs[n] > 0;
                target[u] = usable ? Math.log(ownLabel ? label / unitMs[u] : examples.get(n).labelMs() / networkMs[n])
                        : 0;
                weight[u] = usable ? unitMs[u] / networkMs[n] : 0;
            }
            RegressionTree tree = grower.grow(target, weight, params.depth(), params.minLeafUnits());
            double[] step = leafStep(tree, data, examples, sampled, unitMs, networkMs, params);
            double[] leafValues = new double[tree.leafCount()];
            for (int leaf = 0; leaf < leafValues.length; leaf++) {
                leafValues[leaf] = params.learningRate() * step[leaf];
            }
            tree = tree.withLeafValues(leafValues);
            for (int u = 0; u < data.size(); u++) {
                logCorrection[u] += tree.value(data.features[u]);
            }
            overhead = Math.max(0, overhead + params.learningRate() * step[leafValues.length]);
            trees.add(tree);
        }
        return new BoostedTrees(base, trees, overhead);
    }

    /**
     * The Gauss-Newton step: leaf values c and an overhead change d minimising the weighted squared
     * relative residual of every sampled network, {@code label - predicted ~ sum over units of
     * unitMs * c[leaf] + d}, plus the same for kernel-level labels where profiles exist.
     */
    private static double[] leafStep(RegressionTree tree, Flat data, List<TrainingExample> examples,
                                     boolean[] sampled, double[] unitMs, double[] networkMs, LearnerParams params) {
        int leaves = tree.leafCount();
        LeastSquares problem = new LeastSquares(leaves + 1);
        double[][] rows = new double[examples.size()][leaves + 1];
        double[] unitRow = new double[leaves + 1];
        for (int u = 0; u < data.size(); u++) {
            int n = data.network[u];
            if (!sampled[n]) {
                continue;
            }
            int leaf = tree.leaf(data.features[u]);
            rows[n][leaf] += unitMs[u];
            if (data.unitLabel[u] >= 0 && params.unitLabelWeight() > 0) {
                Arrays.fill(unitRow, 0);
                unitRow[leaf] = unitMs[u];
                problem.add(unitRow, data.unitLabel[u] - unitMs[u],
                        params.unitLabelWeight() * examples.get(n).unitWeight(data.index[u]));
            }
        }
        for (int n = 0; n < examples.size(); n++) {
            if (sampled[n]) {
                rows[n][leaves] = 1;
                problem.add(rows[n], examples.get(n).labelMs() - networkMs[n], examples.get(n).weight());
            }
        }
        boolean[] penalised = new boolean[leaves + 1];
        Arrays.fill(penalised, 0, leaves, true);
        double[] step = problem.solve(0, params.leafRidge(), penalised, new boolean[leaves + 1]);
        for (int leaf = 0; leaf < leaves; leaf++) {
            // a round may scale a unit by at most e^(+-learning rate * 2): on noisy labels an
            // unbounded Newton step on a leaf of tiny units can overflow
            step[leaf] = Math.max(-MAX_LOG_STEP, Math.min(MAX_LOG_STEP, step[leaf]));
        }
        return step;
    }

    @Override
    public double[] unitMs(List<Unit> units) {
        double[] ms = new double[units.size()];
        for (int i = 0; i < ms.length; i++) {
            Unit unit = units.get(i);
            double linear = base.unitMs(unit);
            if (linear <= 0) {
                continue;
            }
            double[] features = unit.features();
            double logCorrection = 0;
            for (RegressionTree tree : trees) {
                logCorrection += tree.value(features);
            }
            ms[i] = linear * Math.exp(logCorrection);
        }
        return ms;
    }

    @Override
    public double overheadMs() {
        return overheadMs;
    }

    int treeCount() {
        return trees.size();
    }

    @Override
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.add("base", base.toJson());
        json.addProperty("overhead_ms", overheadMs);
        json.add("features", Json.strings(Unit.FEATURE_NAMES));
        JsonArray array = new JsonArray(trees.size());
        for (RegressionTree tree : trees) {
            JsonObject node = new JsonObject();
            node.add("feature", Json.array(tree.features()));
            node.add("threshold", Json.array(tree.thresholds()));
            node.add("left", Json.array(tree.lefts()));
            node.add("right", Json.array(tree.rights()));
            node.add("leaf_value", Json.array(tree.leafValues()));
            array.add(node);
        }
        json.add("trees", array);
        return json;
    }

    static BoostedTrees fromJson(JsonObject json) {
        Json.requireNames(json, "features", Unit.FEATURE_NAMES);
        LinearCostModel base = LinearCostModel.fromJson(Json.object(json, "base"));
        List<RegressionTree> trees = new ArrayList<>();
        JsonArray array = Json.arrayField(json, "trees");
        for (int i = 0; i < array.size(); i++) {
            JsonElement element = array.get(i);
            if (!element.isJsonObject()) {
                throw new PredictorFormatException("field 'trees[" + i + "]' must be an object");
            }
            JsonObject node = element.getAsJsonObject();
            trees.add(Json.within("field 'trees[" + i + "]'", () -> checked(new RegressionTree(
                    Json.ints(node, "feature"), Json.doubles(node, "threshold"), Json.ints(node, "left"),
                    Json.ints(node, "right"), Json.doubles(node, "leaf_value")))));
        }
        return new BoostedTrees(base, trees, Json.number(json, "overhead_ms"));
    }

    /** A tree read from a file must not send a lookup out of bounds or round in circles. */
    private static RegressionTree checked(RegressionTree tree) {
        int[] feature = tree.features();
        int[] left = tree.lefts();
        int[] right = tree.rights();
        for (int i = 0; i < feature.length; i++) {
            if (feature[i] >= Unit.FEATURE_NAMES.size()) {
                throw new IllegalArgumentException("node " + i + " splits on feature " + feature[i] + " of "
                        + Unit.FEATURE_NAMES.size());
            }
            boolean leaf = feature[i] < 0;
            if (leaf ? left[i] < 0 || left[i] >= tree.leafCount()
                    : left[i] <= i || right[i] <= i || left[i] >= feature.length || right[i] >= feature.length) {
                throw new IllegalArgumentException("node " + i + " points outside the tree or backwards");
            }
        }
        return tree;
    }

    /** Every unit of every example in one flat table, with its network and base prediction. */
    private static final class Flat {
        final double[][] features;
        final int[] network;
        final int[] index; // the unit's position in its network
        final double[] baseMs;
        final double[] unitLabel; // -1 where there is no kernel-level label
        final int networks;

        Flat(List<TrainingExample> examples, LinearCostModel base) {
            int size = examples.stream().mapToInt(e -> e.units().size()).sum();
            features = new double[size][];
            network = new int[size];
            index = new int[size];
            baseMs = new double[size];
            unitLabel = new double[size];
            networks = examples.size();
            int u = 0;
            for (int n = 0; n < examples.size(); n++) {
                TrainingExample example = examples.get(n);
                for (int i = 0; i < example.units().size(); i++, u++) {
                    Unit unit = example.units().get(i);
                    features[u] = unit.features();
                    network[u] = n;
                    index[u] = i;
                    baseMs[u] = base.unitMs(unit);
                    unitLabel[u] = example.hasUnitLabels() ? example.unitLabelsMs()[i] : -1;
                }
            }
        }

        int size() {
            return features.length;
        }

        /** Fills {@code unitMs} and returns each network's predicted total. */
        double[] predict(double[] logCorrection, double overhead, double[] unitMs) {
            double[] total = new double[networks];
            Arrays.fill(total, overhead);
            for (int u = 0; u < size(); u++) {
                unitMs[u] = baseMs[u] * Math.exp(logCorrection[u]);
                total[network[u]] += unitMs[u];
            }
            return total;
        }
    }
}
