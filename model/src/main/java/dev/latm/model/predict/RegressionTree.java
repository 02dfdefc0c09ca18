package dev.latm.model.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A CART regression tree over unit features, stored flat. Node {@code i} is a split when
 * {@code feature[i] >= 0} (go to {@code left[i]} when {@code x[feature[i]] <= threshold[i]}, else
 * {@code right[i]}) and a leaf otherwise ({@code left[i]} is then its leaf number). Leaf values are
 * kept apart from the structure, because the boosting that grows a tree on unit-level targets then
 * refits its leaf values against whole-network labels.
 */
final class RegressionTree {
    private final int[] feature;
    private final double[] threshold;
    private final int[] left;
    private final int[] right;
    private final double[] leafValues;

    RegressionTree(int[] feature, double[] threshold, int[] left, int[] right, double[] leafValues) {
        int leaves = 0;
        for (int f : feature) {
            leaves += f < 0 ? 1 : 0;
        }
        if (threshold.length != feature.length || left.length != feature.length || right.length != feature.length
                || leafValues.length != leaves) {
            throw new IllegalArgumentException("inconsistent tree: " + feature.length + " nodes, " + leaves
                    + " leaves, " + leafValues.length + " leaf values");
        }
        this.feature = feature;
        this.threshold = threshold;
        this.left = left;
        this.right = right;
        this.leafValues = leafValues;
    }

    int leafCount() {
        return leafValues.length;
    }

    /** The leaf {@code x} falls in. */
    int leaf(double[] x) {
        int node = 0;
        while (feature[node] >= 0) {
            node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
        }
        return left[node];
    }

    double value(double[] x) {
        return leafValues[leaf(x)];
    }

    double[] leafValues() {
        return leafValues.clone();
    }

    RegressionTree withLeafValues(double[] values) {
        return new RegressionTree(feature, threshold, left, right, values.clone());
    }

    int[] features() {
        return feature.clone();
    }

    double[] thresholds() {
        return threshold.clone();
    }

    int[] lefts() {
        return left.clone();
    }

    int[] rights() {
        return right.clone();
    }

    /**
     * Grows trees over one fixed feature matrix, level by level: each feature is sorted once, and a
     * level's splits are all found in one pass over each sorted column, so a tree costs
     * O(rows x features x depth) whatever the number of nodes.
     */
    static final class Grower {
        private final double[][] x;
        private final int[][] order;

        Grower(double[][] x) {
            this.x = x;
            int features = x.length == 0 ? 0 : x[0].length;
            order = new int[features][];
            for (int f = 0; f < features; f++) {
                final int column = f;
                order[f] = IntStream.range(0, x.length).boxed()
                        .sorted(Comparator.comparingDouble(r -> x[r][column]))
                        .mapToInt(Integer::intValue).toArray();
            }
        }

        /**
         * @param weight   row weights; a row of weight 0 is left out (a subsample)
         * @param maxDepth most splits from the root to a leaf
         * @param minLeaf  fewest rows in a leaf
         */
        RegressionTree grow(double[] target, double[] weight, int maxDepth, int minLeaf) {
            int rows = x.length;
            int[] nodeOf = new int[rows]; // the open node a row sits in, -1 when left out
            List<Node> nodes = new ArrayList<>();
            Node root = new Node(0);
            nodes.add(root);
            for (int r = 0; r < rows; r++) {
                nodeOf[r] = weight[r] > 0 ? 0 : -1;
                if (nodeOf[r] == 0) {
                    root.add(weight[r], target[r]);
                }
            }
            List<Node> open = List.of(root);
            for (int depth = 0; depth < maxDepth && !open.isEmpty(); depth++) {
                findSplits(open, nodeOf, target, weight, Math.max(1, minLeaf));
                List<Node> next = new ArrayList<>();
                int[] childOf = new int[open.size() * 2];
                Arrays.fill(childOf, -1);
                for (int k = 0; k < open.size(); k++) {
                    Node node = open.get(k);
                    if (node.splitFeature < 0) {
                        continue;
                    }
                    Node lower = new Node(nodes.size());
                    nodes.add(lower);
                    Node upper = new Node(nodes.size());
                    nodes.add(upper);
                    node.lower = lower;
                    node.upper = upper;
                    childOf[2 * k] = next.size();
                    next.add(lower);
                    childOf[2 * k + 1] = next.size();
                    next.add(upper);
                }
                for (int r = 0; r < rows; r++) {
                    int k = nodeOf[r];
                    if (k < 0) {
                        continue;
                    }
                    Node node = open.get(k);
                    if (node.splitFeature < 0) {
                        nodeOf[r] = -1; // settled in a leaf
                        continue;
                    }
                    boolean goesLow = x[r][node.splitFeature] <= node.threshold;
                    nodeOf[r] = childOf[2 * k + (goesLow ? 0 : 1)];
                    (goesLow ? node.lower : node.upper).add(weight[r], target[r]);
                }
                open = next;
            }
            return flatten(nodes);
        }

        /** One pass per sorted column finds the best split of every open node at once. */
        private void findSplits(List<Node> open, int[] nodeOf, double[] target, double[] weight, int minLeaf) {
            int n = open.size();
            double[] leftWeight = new double[n];
            double[] leftSum = new double[n];
            int[] leftCount = new int[n];
            int[] lastRow = new int[n];
            for (int f = 0; f < order.length; f++) {
                Arrays.fill(leftWeight, 0);
                Arrays.fill(leftSum, 0);
                Arrays.fill(leftCount, 0);
                Arrays.fill(lastRow, -1);
                for (int r : order[f]) {
                    int k = nodeOf[r];
                    if (k < 0) {
                        continue;
                    }
                    Node node = open.get(k);
                    int last = lastRow[k];
                    // a split falls between two distinct values: everything before r goes low
                    if (last >= 0 && x[last][f] != x[r][f] && leftCount[k] >= minLeaf
                            && node.count - leftCount[k] >= minLeaf) {
                        double rightWeight = node.weight - leftWeight[k];
                        double rightSum = node.sum - leftSum[k];
                        if (leftWeight[k] > 0 && rightWeight > 0) {
                            double gain = leftSum[k] * leftSum[k] / leftWeight[k]
                                    + rightSum * rightSum / rightWeight - node.sum * node.sum / node.weight;
                            if (gain > node.bestGain) {
                                node.bestGain = gain;
                                node.splitFeature = f;
                                node.threshold = (x[last][f] + x[r][f]) / 2;
                            }
                        }
                    }
                    leftWeight[k] += weight[r];
                    leftSum[k] += weight[r] * target[r];
                    leftCount[k]++;
                    lastRow[k] = r;
                }
            }
        }

        private static RegressionTree flatten(List<Node> nodes) {
            int n = nodes.size();
            int[] feature = new int[n];
            double[] threshold = new double[n];
            int[] left = new int[n];
            int[] right = new int[n];
            List<Double> values = new ArrayList<>();
            for (Node node : nodes) {
                int i = node.index;
                if (node.lower == null) {
                    feature[i] = -1;
                    left[i] = values.size();
                    right[i] = -1;
                    values.add(node.weight > 0 ? node.sum / node.weight : 0);
                } else {
                    feature[i] = node.splitFeature;
                    threshold[i] = node.threshold;
                    left[i] = node.lower.index;
                    right[i] = node.upper.index;
                }
            }
            return new RegressionTree(feature, threshold, left, right,
                    values.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** A node while growing: its rows' weight and weighted target sum, and the best split found. */
    private static final class Node {
        final int index;
        double weight;
        double sum;
        int count;
        int splitFeature = -1;
        double threshold;
        double bestGain;
        Node lower;
        Node upper;

        Node(int index) {
            this.index = index;
        }

        void add(double w, double y) {
            weight += w;
            sum += w * y;
            count++;
            // splits must lower the squared error by more than rounding does
            bestGain = 1e-12 * Math.abs(sum * sum / weight);
        }
    }
}
