package dev.latm.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which kernels of a profiled run computed in which precision, and how much of the time each took:
 * for an int8 candidate, the report of what ran in int8 and what fell back to float.
 *
 * @param nodes   every kernel the runtime executed, in execution order of the first profiled run
 * @param ops     the same per (op type, precision), most time first
 * @param runs    profiled runs the means are over
 * @param totalMs sum of the kernel means
 */
public record PrecisionReport(List<Node> nodes, List<Op> ops, int runs, double totalMs) {

    /** The report of a profile that did not record kernels. */
    public static final PrecisionReport EMPTY = new PrecisionReport(List.of(), List.of(), 0, 0);

    public PrecisionReport {
        nodes = List.copyOf(nodes);
        ops = List.copyOf(ops);
    }

    /** What a kernel computed in. */
    public enum Precision {
        /** Reads 8-bit integer tensors: an int8 kernel (QLinearConv, QGemm, ...) or a move of int8 data. */
        INT8,
        /** Reads only float tensors: float kernels, and in an int8 network the fallbacks. */
        FLOAT,
        /** Converts between the two (QuantizeLinear, DequantizeLinear): the price of a boundary. */
        CONVERSION
    }

    /**
     * One executed kernel.
     *
     * @param name      the runtime's node name
     * @param layer     the IR layer it is credited to
     * @param opType    the runtime's op type, e.g. {@code QLinearConv}
     * @param precision what it computed in
     * @param meanMs    mean time per run
     */
    public record Node(String name, String layer, String opType, Precision precision, double meanMs) {
    }

    /**
     * The kernels of one op type and precision together.
     *
     * @param count  how many such kernels run per inference
     * @param meanMs their summed mean time per run
     * @param share  fraction of {@code totalMs}
     */
    public record Op(String opType, Precision precision, int count, double meanMs, double share) {
    }

    /** The report of {@code nodes}, grouped into op rows by type and precision. */
    public static PrecisionReport of(List<Node> nodes, int runs) {
        double total = nodes.stream().mapToDouble(Node::meanMs).sum();
        Map<String, List<Node>> byOp = new LinkedHashMap<>();
        for (Node node : nodes) {
            byOp.computeIfAbsent(node.opType() + "\u0000" + node.precision(), k -> new ArrayList<>()).add(node);
        }
        List<Op> ops = new ArrayList<>();
        for (List<Node> group : byOp.values()) {
            double ms = group.stream().mapToDouble(Node::meanMs).sum();
            ops.add(new Op(group.get(0).opType(), group.get(0).precision(), group.size(), ms,
                    total > 0 ? ms / total : 0));
        }
        ops.sort(Comparator.comparingDouble(Op::meanMs).reversed());
        return new PrecisionReport(nodes, ops, runs, total);
    }

    /** Kernels per inference in {@code precision}. */
    public int count(Precision precision) {
        return (int) nodes.stream().filter(node -> node.precision() == precision).count();
    }

    /** Fraction of the kernel time spent in {@code precision}. */
    public double share(Precision precision) {
        double ms = nodes.stream().filter(node -> node.precision() == precision).mapToDouble(Node::meanMs).sum();
        return totalMs > 0 ? ms / totalMs : 0;
    }

    /** The kernels that computed in float: in an int8 network, its fallbacks. */
    public List<Node> floatNodes() {
        return nodes.stream().filter(node -> node.precision() == Precision.FLOAT).toList();
    }
}
