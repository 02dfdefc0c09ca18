package dev.latm.runtime.onnx;

import dev.latm.model.TestArchitectures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.AttributeProto;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.onnx.NodeProto;
import dev.latm.proto.onnx.TensorProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The int8 model has the QDQ form ONNX Runtime fuses: every Conv and Gemm of the float model reads
 * a dequantised activation, int8 per-channel weights and an int32 bias at the product scale, and
 * its output goes straight into a QuantizeLinear; no float activation op is left to fall back.
 */
class QdqStructureTest {
    private static final Set<String> QDQ_OPS = Set.of("QuantizeLinear", "DequantizeLinear", "Conv", "Gemm", "Add",
            "Mul", "Sigmoid", "GlobalAveragePool", "AveragePool", "Flatten");
    private static final int QMAX = CpuFeatures.probe().weightQMax();

    static Stream<Named<CompiledArchitecture>> architectures() {
        return TestArchitectures.named(TestArchitectures.all(64, 2));
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void everyConvAndLinearIsQuantisedTheWayOnnxRuntimeFusesIt(CompiledArchitecture arch) {
        SeededWeights weights = new SeededWeights(3);
        ModelProto floatModel = OnnxLowering.lower(arch.network(), weights);
        Graph graph = new Graph(Int8Lowering.lower(OrtEnvironment.getEnvironment(), arch.network(), weights, QMAX,
                GemmTailDefect.ABSENT));
        for (NodeProto node : graph.nodes) {
            assertTrue(QDQ_OPS.contains(node.getOpType()), "left in the int8 model: " + node.getOpType() + " "
                    + node.getName());
        }
        assertEquals(count(floatModel, "Conv"), graph.count("Conv"), "every Conv kept");
        assertEquals(count(floatModel, "Gemm"), graph.count("Gemm"), "every Gemm kept");
        for (NodeProto node : graph.nodes) {
            if (node.getOpType().equals("Conv") || node.getOpType().equals("Gemm")) {
                assertQuantisedWeightedNode(graph, node);
            } else if (!node.getOpType().equals("QuantizeLinear") && !node.getOpType().equals("DequantizeLinear")) {
                for (String input : node.getInputList()) {
                    assertEquals("DequantizeLinear", graph.producer(input).getOpType(),
                            node.getName() + " reads a float tensor " + input + " that is no dequantised int8");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void everyScaleIsPositiveAndFiniteAndEveryZeroPointInRange(CompiledArchitecture arch) {
        Graph graph = new Graph(Int8Lowering.lower(OrtEnvironment.getEnvironment(), arch.network(),
                new SeededWeights(4), QMAX, GemmTailDefect.ABSENT));
        int scales = 0;
        for (TensorProto tensor : graph.initializers.values()) {
            if (tensor.getName().endsWith("/scale")) {
                for (float scale : OnnxTensors.floats(tensor)) {
                    assertTrue(scale > 0 && Float.isFinite(scale), tensor.getName() + " = " + scale);
                    scales++;
                }
            }
            if (tensor.getName().endsWith("/zero_point") && tensor.getDataType() == OnnxGraphBuilder.INT8) {
                for (byte zeroPoint : tensor.getRawData().toByteArray()) {
                    assertEquals(0, zeroPoint, tensor.getName() + ": int8 weights are symmetric");
                }
            }
            if (tensor.getName().endsWith("/zero_point")) {
                assertTrue(tensor.getDataType() == OnnxGraphBuilder.UINT8 || tensor.getDataType() == OnnxGraphBuilder.INT8,
                        tensor.getName() + " is 8-bit, so in range by type");
            }
            if (tensor.getDataType() == OnnxGraphBuilder.INT8 && tensor.getName().endsWith("/weight/quantized")) {
                for (byte value : tensor.getRawData().toByteArray()) {
                    assertTrue(Math.abs(value) <= QMAX, tensor.getName() + " holds " + value + " beyond +-" + QMAX);
                }
            }
        }
        assertTrue(scales > 0);
    }

    @Test
    void aShapeOnnxRuntimeComputesWrongKeepsFloatWeightsBetweenItsOwnDqAndAQ() {
        // a 29-channel stem over 3 input channels, and 29-channel pointwise convolutions after it
        CompiledArchitecture arch = TestArchitectures.compile(
                TestArchitectures.random(23));
        GemmTailDefect defect = new GemmTailDefect(true);
        Graph graph = new Graph(Int8Lowering.lower(OrtEnvironment.getEnvironment(), arch.network(),
                new SeededWeights(5), QMAX, defect));
        int fallbacks = 0;
        for (NodeProto node : graph.nodes) {
            if (!node.getOpType().equals("Conv") && !node.getOpType().equals("Gemm")) {
                continue;
            }
            String weight = node.getInput(1);
            if (graph.initializers.containsKey(weight)) {
                fallbacks++;
                assertEquals(TensorProto.DataType.FLOAT_VALUE, graph.initializer(weight).getDataType());
                NodeProto input = graph.producer(node.getInput(0));
                assertEquals("DequantizeLinear", input.getOpType(), node.getName() + " input");
                assertTrue(OnnxTensors.floats(graph.initializer(input.getInput(1))).length > 1,
                        node.getName() + ": a per-axis DQ, which ONNX Runtime does not requantise");
                assertEquals("QuantizeLinear", graph.consumers(node.getOutput(0)).get(0).getOpType());
            } else {
                assertQuantisedWeightedNode(graph, node);
            }
        }
        assertTrue(fallbacks > 0 && fallbacks < graph.count("Conv") + graph.count("Gemm"),
                "only the affected layers fall back, got " + fallbacks);
        assertTrue(defect.affects(29, 3 * 3 * 3, 17 * 17));
        assertFalse(defect.affects(24, 16, 1024), "N and K multiples of 4 are computed right");
        assertFalse(defect.affects(16, 27, 1024), "16 channels or fewer past a multiple of 32 are right");
        assertFalse(defect.affects(29, 27, 31), "fewer than 32 rows never reach the wrong row");
        assertFalse(GemmTailDefect.ABSENT.affects(29, 27, 1024));
    }

    private static void assertQuantisedWeightedNode(Graph graph, NodeProto node) {
        String name = node.getName();
        NodeProto activation = graph.producer(node.getInput(0));
        assertEquals("DequantizeLinear", activation.getOpType(), name + " input");
        assertEquals(OnnxGraphBuilder.UINT8, graph.initializer(activation.getInput(2)).getDataType(),
                name + ": uint8 activations");
        float inputScale = OnnxTensors.floats(graph.initializer(activation.getInput(1)))[0];

        NodeProto weight = graph.producer(node.getInput(1));
        assertEquals("DequantizeLinear", weight.getOpType(), name + " weight");
        TensorProto weightValues = graph.initializer(weight.getInput(0));
        assertEquals(OnnxGraphBuilder.INT8, weightValues.getDataType(), name + ": int8 weights");
        long axis = attribute(weight, "axis");
        long channels = weightValues.getDims((int) axis);
        boolean transB = node.getOpType().equals("Gemm") && attribute(node, "transB") == 1;
        assertEquals(node.getOpType().equals("Conv") || transB ? 0 : 1, axis, name + ": the output-channel axis");
        float[] weightScales = OnnxTensors.floats(graph.initializer(weight.getInput(1)));
        assertEquals(channels, weightScales.length, name + ": one scale per output channel");

        NodeProto bias = graph.producer(node.getInput(2));
        assertEquals("DequantizeLinear", bias.getOpType(), name + " bias");
        assertEquals(OnnxGraphBuilder.INT32, graph.initializer(bias.getInput(0)).getDataType(), name + ": int32 bias");
        float[] biasScales = OnnxTensors.floats(graph.initializer(bias.getInput(1)));
        for (int c = 0; c < channels; c++) {
            assertEquals(inputScale * weightScales[c], biasScales[c], name + ": bias scale of channel " + c);
        }

        String output = node.getOutput(0);
        if (!output.equals(OnnxLowering.OUTPUT)) {
            List<NodeProto> consumers = graph.consumers(output);
            assertEquals(1, consumers.size(), name + " output readers");
            assertEquals("QuantizeLinear", consumers.get(0).getOpType(), name + " output");
        }
    }

    private static long count(ModelProto model, String opType) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
    }

    private static long attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI)
                .findFirst().orElse(0);
    }

    /** The nodes and initializers of a model, indexed by the values they define and read. */
    private static final class Graph {
        final List<NodeProto> nodes;
        final Map<String, TensorProto> initializers = new HashMap<>();
        final Map<String, NodeProto> producers = new HashMap<>();

        Graph(ModelProto model) {
            nodes = model.getGraph().getNodeList();
            for (TensorProto tensor : model.getGraph().getInitializerList()) {
                initializers.put(tensor.getName(), tensor);
            }
            for (NodeProto node : nodes) {
                for (String output : node.getOutputList()) {
                    assertFalse(producers.containsKey(output), output + " defined twice");
                    producers.put(output, node);
                }
            }
        }

        long count(String opType) {
            return nodes.stream().filter(n -> n.getOpType().equals(opType)).count();
        }

        NodeProto producer(String value) {
            NodeProto node = producers.get(value);
            assertNotNull(node, "no node defines " + value);
            return node;
        }

        TensorProto initializer(String name) {
            TensorProto tensor = initializers.get(name);
            assertNotNull(tensor, "no initializer " + name);
            return tensor;
        }

        List<NodeProto> consumers(String value) {
            return nodes.stream().filter(n -> n.getInputList().contains(value)).toList();
        }
    }
}
