package dev.latm.runtime.onnx;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Network;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.PrecisionReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ONNX Runtime's profile (Chrome trace JSON) back in IR terms: per-layer mean kernel time,
 * and per kernel the precision it computed in ({@link PrecisionReport}).
 *
 * <p>The trace holds a {@code model_run} event (category {@code Session}) per run and a
 * {@code <node>_kernel_time} event (category {@code Node}, duration in microseconds) per node
 * executed. Kernel events that start before the first profiled {@code model_run} belong to warm-up
 * runs and are dropped. Nodes map to IR layers through {@link LayerNames}; see
 * {@link #microsByLayer} for the nodes ORT named itself.
 */
final class OrtProfileParser {
    private static final String KERNEL_SUFFIX = "_kernel_time";
    private static final double MICROS_PER_MS = 1000.0;

    private OrtProfileParser() {
    }

    /**
     * @param warmupRuns runs at the start of the trace to leave out
     * @param runs       runs after the warm-up ones; the means are per run
     * @throws EngineException when the trace is not ORT's JSON or holds no kernel events
     */
    static LayerProfile parse(String traceJson, Network network, int warmupRuns, int runs) {
        JsonArray events = events(traceJson);
        List<Long> runStarts = new ArrayList<>();
        for (JsonElement element : events) {
            JsonObject event = element.getAsJsonObject();
            if ("Session".equals(string(event, "cat")) && "model_run".equals(string(event, "name"))) {
                runStarts.add(event.get("ts").getAsLong());
            }
        }
        runStarts.sort(null);
        // Without one model_run per run (an ORT that stopped writing them) warm-up kernels cannot be
        // told apart, so every run is counted and the means are over all of them.
        boolean runsIdentified = runStarts.size() == warmupRuns + runs;
        long firstCountedStart = runsIdentified ? runStarts.get(warmupRuns) : Long.MIN_VALUE;
        int countedRuns = runsIdentified ? runs : warmupRuns + runs;

        List<KernelEvent> kernels = new ArrayList<>();
        for (JsonElement element : events) {
            JsonObject event = element.getAsJsonObject();
            String name = string(event, "name");
            if ("Node".equals(string(event, "cat")) && name != null && name.endsWith(KERNEL_SUFFIX)) {
                long start = event.get("ts").getAsLong();
                if (start >= firstCountedStart) {
                    kernels.add(new KernelEvent(start, name.substring(0, name.length() - KERNEL_SUFFIX.length()),
                            event.get("dur").getAsDouble(), opType(event), precision(event)));
                }
            }
        }
        if (kernels.isEmpty()) {
            throw new EngineException("the ONNX Runtime profile holds no kernel events (" + events.size()
                    + " events, " + runStarts.size() + " model runs); was profiling enabled?");
        }
        Map<String, Double> microsByLayer = new LinkedHashMap<>();
        Map<String, NodeTime> nodes = new LinkedHashMap<>();
        creditLayers(network, kernels, runStarts, microsByLayer, nodes);
        return summarize(network, microsByLayer, countedRuns, precisionReport(nodes, countedRuns));
    }

    /**
     * Sums kernel time per layer and per node. A node whose name names no layer is one ORT made up
     * (a layout reorder, or a node of an expanded function such as HardSwish's HardSigmoid + Mul);
     * ORT inserts those right after the node they serve, so in the sequential executor's order they
     * are credited to the layer that ran just before them in the same run.
     */
    private static void creditLayers(Network network, List<KernelEvent> kernels, List<Long> runStarts,
                                     Map<String, Double> microsByLayer, Map<String, NodeTime> nodes) {
        kernels.sort(Comparator.comparingLong(KernelEvent::start));
        LayerNames names = new LayerNames(network);
        int nextRun = 0;
        String previous = null;
        for (KernelEvent kernel : kernels) {
            while (nextRun < runStarts.size() && kernel.start() >= runStarts.get(nextRun)) {
                previous = null; // a new run: nothing ran before this node in it
                nextRun++;
            }
            String layer = names.layerOf(kernel.node()).orElse(previous == null ? LayerNames.OTHER : previous);
            microsByLayer.merge(layer, kernel.micros(), Double::sum);
            nodes.computeIfAbsent(kernel.node(), n -> new NodeTime(layer, kernel.opType(), kernel.precision()))
                    .micros += kernel.micros();
            previous = layer;
        }
    }

    private static PrecisionReport precisionReport(Map<String, NodeTime> nodes, int runs) {
        List<PrecisionReport.Node> rows = new ArrayList<>();
        nodes.forEach((name, time) -> rows.add(new PrecisionReport.Node(name, time.layer, time.opType,
                time.precision, time.micros / MICROS_PER_MS / runs)));
        return PrecisionReport.of(rows, runs);
    }

    /**
     * What a kernel computed in, from the types ORT records for its inputs: QuantizeLinear and
     * DequantizeLinear convert, a kernel reading any 8-bit integer tensor is int8 (its float inputs
     * are scales), anything else is float. A trace without types counts as float.
     */
    static PrecisionReport.Precision precision(String opType, List<String> inputTypes) {
        if (opType.equals("QuantizeLinear") || opType.equals("DequantizeLinear")) {
            return PrecisionReport.Precision.CONVERSION;
        }
        boolean int8 = inputTypes.stream().anyMatch(type -> type.equals("uint8") || type.equals("int8"));
        return int8 ? PrecisionReport.Precision.INT8 : PrecisionReport.Precision.FLOAT;
    }

    private static PrecisionReport.Precision precision(JsonObject event) {
        List<String> types = new ArrayList<>();
        JsonObject args = event.has("args") && event.get("args").isJsonObject() ? event.getAsJsonObject("args")
                : new JsonObject();
        if (args.has("input_type_shape") && args.get("input_type_shape").isJsonArray()) {
            // [{"uint8": [1, 16, 112, 112]}, {"float": []}, ...]: one single-key object per input
            for (JsonElement input : args.getAsJsonArray("input_type_shape")) {
                if (input.isJsonObject()) {
                    types.addAll(input.getAsJsonObject().keySet());
                }
            }
        }
        return precision(opType(event), types);
    }

    private static String opType(JsonObject event) {
        JsonElement args = event.get("args");
        String op = args != null && args.isJsonObject() ? string(args.getAsJsonObject(), "op_name") : null;
        return op == null ? "unknown" : op;
    }

    /** Rows in IR order (then {@link LayerNames#OTHER}), shares of the total, and group sums. */
    private static LayerProfile summarize(Network network, Map<String, Double> microsByLayer, int runs,
                                          PrecisionReport precision) {
        double totalMicros = microsByLayer.values().stream().mapToDouble(Double::doubleValue).sum();
        double totalMs = totalMicros / MICROS_PER_MS / runs;
        List<LayerProfile.Row> rows = new ArrayList<>();
        Map<String, Double> groupMicros = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (Layer layer : network.layers()) {
            order.add(layer.name());
        }
        order.add(LayerNames.OTHER);
        Map<String, Layer> layers = network.layersByName();
        for (String name : order) {
            Double micros = microsByLayer.get(name);
            if (micros == null) {
                continue; // the layer's nodes were fused into a neighbour's kernel, or removed
            }
            Layer layer = layers.get(name);
            rows.add(row(name, layer == null ? "" : layer.op(), micros, runs, totalMicros));
            groupMicros.merge(layer == null ? LayerNames.OTHER : Network.groupOf(name), micros, Double::sum);
        }
        List<LayerProfile.Row> groups = new ArrayList<>();
        groupMicros.forEach((group, micros) -> groups.add(row(group, "", micros, runs, totalMicros)));
        return new LayerProfile(rows, groups, runs, totalMs, precision);
    }

    private static LayerProfile.Row row(String name, String op, double micros, int runs, double totalMicros) {
        return new LayerProfile.Row(name, op, micros / MICROS_PER_MS / runs,
                totalMicros > 0 ? micros / totalMicros : 0);
    }

    /** ORT writes a bare array of events; the Chrome format also allows {"traceEvents": [...]}. */
    private static JsonArray events(String traceJson) {
        try {
            JsonElement root = JsonParser.parseString(traceJson);
            if (root.isJsonArray()) {
                return root.getAsJsonArray();
            }
            if (root.isJsonObject() && root.getAsJsonObject().has("traceEvents")) {
                return root.getAsJsonObject().getAsJsonArray("traceEvents");
            }
        } catch (JsonParseException | IllegalStateException e) {
            throw new EngineException("the ONNX Runtime profile is not valid trace JSON: " + e.getMessage(), e);
        }
        throw new EngineException("the ONNX Runtime profile is neither an event array nor {\"traceEvents\": [...]}");
    }

    private record KernelEvent(long start, String node, double micros, String opType,
                               PrecisionReport.Precision precision) {
    }

    /** A node's summed time over the counted runs, and what it is. */
    private static final class NodeTime {
        final String layer;
        final String opType;
        final PrecisionReport.Precision precision;
        double micros;

        NodeTime(String layer, String opType, PrecisionReport.Precision precision) {
            this.layer = layer;
            this.opType = opType;
            this.precision = precision;
        }
    }

    private static String string(JsonObject event, String key) {
        JsonElement value = event.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
