package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.TestArchitectures;
import dev.latm.model.ir.Network;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.PrecisionReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trace parser on hand-written traces in ONNX Runtime's format, where every mean is known. */
class OrtProfileParserTest {
    private static final Network NETWORK = TestArchitectures.preset("mobilenet_v3_small", 64, 1).network();

    @Test
    void dropsWarmupRunsAndAveragesTheRest() {
        Trace trace = new Trace();
        trace.run(1000, "stem", 1000, "head.classifier", 1000); // warm-up: slow, must not count
        trace.run(100, "stem", 10, "head.classifier", 30);
        trace.run(100, "stem", 30, "head.classifier", 10);
        LayerProfile profile = OrtProfileParser.parse(trace.json(), NETWORK, 1, 2);
        assertEquals(2, profile.runs());
        assertEquals(Map.of("stem", 0.020, "head.classifier", 0.020), means(profile.layers()));
        assertEquals(0.040, profile.totalMs(), 1e-12);
        assertEquals(List.of("conv", "linear"), profile.layers().stream().map(LayerProfile.Row::op).toList());
        assertEquals(Map.of("stem", 0.020, "head", 0.020), means(profile.groups()));
        assertEquals(0.5, profile.layers().get(0).share(), 1e-12);
    }

    @Test
    void ortNamedNodesJoinTheLayerThatRanBeforeThemAndFusedNamesTheirLayer() {
        Trace trace = new Trace();
        trace.run(100,
                "ReorderInput", 4,                        // nothing ran before it in this run
                "stem/conv_nchwc", 10,                    // ORT's rename of an auxiliary node
                "ReorderOutput_token_190", 2,             // layout reorder after the stem
                "HardSigmoid_122", 3, "Mul_123", 5,       // the stem's HardSwish, expanded by ORT
                "fused stages.0.block.0.depthwise", 20,   // a fused node keeping the layer's name inside
                "stages.0.block.0.se/pool_nchwc", 6,
                "head.classifier", 50);
        LayerProfile profile = OrtProfileParser.parse(trace.json(), NETWORK, 0, 1);
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("stem", 0.020);
        expected.put("stages.0.block.0.depthwise", 0.020);
        expected.put("stages.0.block.0.se", 0.006);
        expected.put("head.classifier", 0.050);
        expected.put("(other)", 0.004);
        assertEquals(expected, means(profile.layers()));
        assertEquals(List.of("stem", "stages.0.block.0.depthwise", "stages.0.block.0.se", "head.classifier",
                "(other)"), profile.layers().stream().map(LayerProfile.Row::name).toList(), "IR order, other last");
        assertEquals(List.of("stem", "stages.0", "head", "(other)"),
                profile.groups().stream().map(LayerProfile.Row::name).toList());
        assertEquals(1.0, profile.layers().stream().mapToDouble(LayerProfile.Row::share).sum(), 1e-12);
    }

    @Test
    void withoutRunMarkersEveryRunCountsAndMeansAreOverAllOfThem() {
        Trace trace = new Trace();
        trace.kernel(10, "stem", 30);
        trace.kernel(20, "stem", 30);
        trace.kernel(30, "stem", 30);
        LayerProfile profile = OrtProfileParser.parse(trace.json(), NETWORK, 1, 2);
        assertEquals(3, profile.runs());
        assertEquals(0.030, profile.totalMs(), 1e-12);
    }

    @Test
    void readsTheObjectFormOfChromeTraces() {
        Trace trace = new Trace();
        trace.run(0, "stem", 10);
        LayerProfile profile = OrtProfileParser.parse("{\"traceEvents\": " + trace.json() + "}", NETWORK, 0, 1);
        assertEquals(0.010, profile.totalMs(), 1e-12);
    }

    @Test
    void kernelsAreClassifiedByTheTypesTheyRead() {
        Trace trace = new Trace();
        trace.kernel(1, "input/quantize", 5, "QuantizeLinear", "float");
        trace.kernel(1, "stem", 40, "QLinearConv", "uint8", "float", "uint8", "int8");
        trace.kernel(1, "stages.1.block.0.expand", 20, "Conv", "float", "float");
        trace.kernel(1, "stages.1.block.0.expand/quantize", 5, "QuantizeLinear", "float", "float", "uint8");
        trace.kernel(1, "Transpose_token_7", 5, "Transpose", "uint8");
        trace.kernel(1, "stages.1.block.0.project", 15, "QLinearConv", "uint8", "float", "uint8", "int8");
        trace.kernel(1, "head.classifier", 10, "QGemm", "uint8");
        PrecisionReport report = OrtProfileParser.parse(trace.json(), NETWORK, 0, 1).precision();
        assertEquals(List.of("input/quantize", "stem", "stages.1.block.0.expand", "stages.1.block.0.expand/quantize",
                "Transpose_token_7", "stages.1.block.0.project", "head.classifier"),
                report.nodes().stream().map(PrecisionReport.Node::name).toList(), "execution order");
        assertEquals(List.of("stem", "stem", "stages.1.block.0.expand", "stages.1.block.0.expand",
                "stages.1.block.0.expand", "stages.1.block.0.project", "head.classifier"),
                report.nodes().stream().map(PrecisionReport.Node::layer).toList(), "credited layers");
        assertEquals(4, report.count(PrecisionReport.Precision.INT8));
        assertEquals(2, report.count(PrecisionReport.Precision.CONVERSION));
        assertEquals(List.of("stages.1.block.0.expand"),
                report.floatNodes().stream().map(PrecisionReport.Node::name).toList(), "the fallback");
        assertEquals(0.100, report.totalMs(), 1e-12);
        assertEquals(0.70, report.share(PrecisionReport.Precision.INT8), 1e-9);
        PrecisionReport.Op conv = report.ops().get(0);
        assertEquals(new PrecisionReport.Op("QLinearConv", PrecisionReport.Precision.INT8, 2, 0.055, 0.55),
                new PrecisionReport.Op(conv.opType(), conv.precision(), conv.count(),
                        Math.round(conv.meanMs() * 1e9) / 1e9, Math.round(conv.share() * 1e9) / 1e9),
                "ops: most time first, kernels of one type and precision together");
    }

    @Test
    void aKernelWithoutRecordedTypesCountsAsFloat() {
        assertEquals(PrecisionReport.Precision.FLOAT, OrtProfileParser.precision("Conv", List.of()));
        assertEquals(PrecisionReport.Precision.CONVERSION,
                OrtProfileParser.precision("DequantizeLinear", List.of("uint8")));
        assertEquals(PrecisionReport.Precision.INT8, OrtProfileParser.precision("MaxPool", List.of("int8")));
    }

    @Test
    void aTraceWithoutKernelsOrNotJsonIsAnEngineException() {
        Trace empty = new Trace();
        empty.run(0);
        EngineException noKernels = assertThrows(EngineException.class,
                () -> OrtProfileParser.parse(empty.json(), NETWORK, 0, 1));
        assertTrue(noKernels.getMessage().contains("no kernel events"), noKernels.getMessage());
        EngineException notJson = assertThrows(EngineException.class,
                () -> OrtProfileParser.parse("[{\"cat\": ", NETWORK, 0, 1));
        assertTrue(notJson.getMessage().contains("not valid trace JSON"), notJson.getMessage());
    }

    private static Map<String, Double> means(List<LayerProfile.Row> rows) {
        Map<String, Double> means = new LinkedHashMap<>();
        for (LayerProfile.Row row : rows) {
            means.put(row.name(), Math.round(row.meanMs() * 1e9) / 1e9);
        }
        return means;
    }

    /** Builds a trace the way ORT writes one: a model_run per run, kernels inside it, times in µs. */
    private static final class Trace {
        private final List<String> events = new ArrayList<>();
        private long clock;

        /** One run starting {@code gap} µs after the previous; {@code nodes} alternate name, duration. */
        void run(long gap, Object... nodes) {
            clock += gap;
            long start = clock;
            for (int i = 0; i < nodes.length; i += 2) {
                kernel(1, (String) nodes[i], ((Number) nodes[i + 1]).longValue());
            }
            events.add("{\"cat\": \"Session\", \"name\": \"model_run\", \"ts\": " + start + ", \"dur\": "
                    + (clock - start) + ", \"ph\": \"X\", \"args\": {}}");
        }

        void kernel(long gap, String node, long micros) {
            kernel(gap, node, micros, "Conv", "float");
        }

        /** A kernel of {@code op} whose inputs have the given element types, as ORT records them. */
        void kernel(long gap, String node, long micros, String op, String... inputTypes) {
            clock += gap;
            List<String> inputs = new ArrayList<>();
            for (String type : inputTypes) {
                inputs.add("{\"" + type + "\": [1, 8]}");
            }
            events.add("{\"cat\": \"Node\", \"name\": \"" + node + "_fence_before\", \"ts\": " + clock
                    + ", \"dur\": 0, \"ph\": \"X\", \"args\": {}}");
            events.add("{\"cat\": \"Node\", \"name\": \"" + node + "_kernel_time\", \"ts\": " + clock + ", \"dur\": "
                    + micros + ", \"ph\": \"X\", \"args\": {\"op_name\": \"" + op + "\", \"input_type_shape\": ["
                    + String.join(", ", inputs) + "]}}");
            clock += micros;
        }

        String json() {
            return "[\n" + String.join(",\n", events) + "\n]";
        }
    }
}
