package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.model.ir.AvgPool;
import dev.latm.model.ir.Conv;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Linear;
import dev.latm.model.ir.Network;
import dev.latm.model.ir.SqueezeExcite;
import dev.latm.model.spec.Activation;
import dev.latm.model.spec.SeGate;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.AttributeProto;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.onnx.NodeProto;
import dev.latm.proto.onnx.TensorProto;
import dev.latm.proto.onnx.TensorShapeProto;
import dev.latm.proto.onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OnnxLoweringTest {
    private static final long SEED = 7;

    static Stream<Named<CompiledArchitecture>> architectures() {
        return TestArchitectures.named(TestArchitectures.all(0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void parameterCountEqualsStaticAnalysis(CompiledArchitecture arch) {
        ModelProto model = lower(arch);
        long params = 0;
        for (TensorProto tensor : model.getGraph().getInitializerList()) {
            if (!OnnxLowering.isSharedConstant(tensor.getName())) {
                params += elements(tensor);
            }
        }
        assertEquals(arch.cost().params(), params, arch.spec().name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void everyLayerIsANodeOfItsNameAndEveryOtherNameHasALayerPrefix(CompiledArchitecture arch) {
        ModelProto model = lower(arch);
        Map<String, Layer> layers = arch.network().layersByName();
        List<String> nodeNames = model.getGraph().getNodeList().stream().map(NodeProto::getName).toList();
        for (String layer : layers.keySet()) {
            assertTrue(nodeNames.contains(layer), "no node named " + layer);
        }
        for (String node : nodeNames) {
            assertTrue(layers.containsKey(layerPrefix(node)), "node " + node + " maps to no IR layer");
        }
        for (TensorProto tensor : model.getGraph().getInitializerList()) {
            assertTrue(OnnxLowering.isSharedConstant(tensor.getName())
                    || layers.containsKey(layerPrefix(tensor.getName())), "initializer " + tensor.getName());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void inputAndOutputHaveTheNetworksShapesAndModelDeclaresIr8Opset17(CompiledArchitecture arch) {
        ModelProto model = lower(arch);
        Network network = arch.network();
        assertEquals(8, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals(List.of("input"), model.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList());
        assertEquals(List.of(1L, (long) network.inputShape().channels(), (long) network.inputShape().height(),
                (long) network.inputShape().width()), dims(model.getGraph().getInput(0)));
        assertEquals("logits", model.getGraph().getOutput(0).getName());
        assertEquals(List.of(1L, (long) arch.spec().numClasses()), dims(model.getGraph().getOutput(0)));
        NodeProto last = model.getGraph().getNode(model.getGraph().getNodeCount() - 1);
        assertEquals("head.classifier", last.getName());
        assertEquals(List.of("logits"), last.getOutputList());
    }

    /** Each layer's nodes are the ops its IR semantics need, with the attributes that make them so. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void nodesCarryTheLayersSemantics(CompiledArchitecture arch) {
        ModelProto model = lower(arch);
        Map<String, NodeProto> nodes = model.getGraph().getNodeList().stream()
                .collect(Collectors.toMap(NodeProto::getName, Function.identity()));
        for (Layer layer : arch.network().layers()) {
            NodeProto main = nodes.get(layer.name());
            List<String> auxOps = model.getGraph().getNodeList().stream()
                    .filter(node -> node.getName().startsWith(layer.name() + "/")).map(NodeProto::getOpType).toList();
            if (layer instanceof Conv conv) {
                assertEquals("Conv", main.getOpType());
                assertEquals(List.of((long) conv.kernel(), (long) conv.kernel()), ints(main, "kernel_shape"));
                assertEquals(List.of((long) conv.stride(), (long) conv.stride()), ints(main, "strides"));
                long pad = (conv.kernel() - 1) / 2;
                assertEquals(List.of(pad, pad, pad, pad), ints(main, "pads"));
                assertEquals(conv.groups(), attribute(main, "group").getI());
                assertEquals(activationOps(conv.activation()), auxOps, layer.name());
            } else if (layer instanceof SqueezeExcite se) {
                assertEquals("Mul", main.getOpType());
                String gate = se.gate() == SeGate.HARD_SIGMOID ? "HardSigmoid" : "Sigmoid";
                assertEquals(List.of("GlobalAveragePool", "Conv", "Relu", "Conv", gate), auxOps, layer.name());
                if (se.gate() == SeGate.HARD_SIGMOID) {
                    NodeProto hardSigmoid = nodes.get(layer.name() + "/hardsigmoid");
                    assertEquals(1f / 6f, attribute(hardSigmoid, "alpha").getF());
                    assertEquals(0.5f, attribute(hardSigmoid, "beta").getF());
                }
            } else if (layer instanceof AvgPool pool) {
                assertEquals("AveragePool", main.getOpType());
                assertEquals(List.of((long) pool.kernel(), (long) pool.kernel()), ints(main, "kernel_shape"));
                assertEquals(ints(main, "kernel_shape"), ints(main, "strides"));
                assertEquals(1, attribute(main, "ceil_mode").getI());
                assertEquals(0, attribute(main, "count_include_pad").getI());
            } else if (layer instanceof Linear linear) {
                assertEquals("Gemm", main.getOpType());
                assertEquals(1, attribute(main, "transB").getI());
                List<String> expected = new ArrayList<>();
                if (linear.input().equals("head.pool")) {
                    expected.add("Flatten");
                }
                expected.addAll(activationOps(linear.activation()));
                assertEquals(expected, auxOps, layer.name());
            } else {
                assertTrue(auxOps.isEmpty(), layer.name() + " has auxiliary nodes " + auxOps);
            }
        }
    }

    @Test
    void initializersHoldTheSeededWeightsAsLittleEndianFloats() {
        CompiledArchitecture arch = TestArchitectures.preset("mobilenet_v3_small", 64, 1);
        ModelProto model = lower(arch);
        Conv stem = (Conv) arch.network().layersByName().get("stem");
        TensorProto weight = model.getGraph().getInitializerList().stream()
                .filter(tensor -> tensor.getName().equals("stem/weight")).findFirst().orElseThrow();
        assertEquals(List.of(16L, 3L, 3L, 3L), weight.getDimsList());
        assertEquals(TensorProto.DataType.FLOAT_VALUE, weight.getDataType());
        float[] stored = new float[(int) elements(weight)];
        ByteBuffer.wrap(weight.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(stored);
        assertTrue(java.util.Arrays.equals(new SeededWeights(SEED).convWeights(stem), stored));
    }

    @Test
    void clipBoundsAreSharedScalarsDefinedOnce() {
        ModelProto model = lower(TestArchitectures.preset("mobilenet_v2", 64, 1));
        List<TensorProto> shared = model.getGraph().getInitializerList().stream()
                .filter(tensor -> OnnxLowering.isSharedConstant(tensor.getName())).toList();
        assertEquals(2, shared.size());
        for (TensorProto bound : shared) {
            assertEquals(0, bound.getDimsCount(), bound.getName() + " must be a scalar");
        }
        long clips = model.getGraph().getNodeList().stream().filter(node -> node.getOpType().equals("Clip")).count();
        assertTrue(clips > 30, "mobilenet_v2 has a ReLU6 after most convolutions, got " + clips + " Clip nodes");
    }

    @Test
    void differentSeedsGiveDifferentWeightsSameGraph() {
        CompiledArchitecture arch = TestArchitectures.preset("mnasnet_a1", 64, 1);
        ModelProto a = OnnxLowering.lower(arch.network(), new SeededWeights(1));
        ModelProto b = OnnxLowering.lower(arch.network(), new SeededWeights(2));
        assertEquals(a.getGraph().getNodeList(), b.getGraph().getNodeList());
        assertFalse(a.getGraph().getInitializerList().equals(b.getGraph().getInitializerList()));
        assertEquals(a, OnnxLowering.lower(arch.network(), new SeededWeights(1)), "lowering is deterministic");
    }

    @Test
    void rejectsANetworkThatDoesNotEndInAClassifier() {
        Network network = TestArchitectures.preset("mobilenet_v3_small", 64, 1).network();
        Network headless = new Network(network.spec(), network.inputShape(),
                network.layers().subList(0, network.layers().size() - 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxLowering.lower(headless, new SeededWeights(SEED)));
        assertTrue(e.getMessage().contains("linear classifier"), e.getMessage());
    }

    private static ModelProto lower(CompiledArchitecture arch) {
        return OnnxLowering.lower(arch.network(), new SeededWeights(SEED));
    }

    private static List<String> activationOps(Activation activation) {
        switch (activation) {
            case NONE: return List.of();
            case RELU: return List.of("Relu");
            case RELU6: return List.of("Clip");
            case HARD_SWISH: return List.of("HardSwish");
            case SWISH: return List.of("Sigmoid", "Mul");
            default: throw new AssertionError(activation);
        }
    }

    private static String layerPrefix(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    private static long elements(TensorProto tensor) {
        long elements = 1;
        for (long dim : tensor.getDimsList()) {
            elements *= dim;
        }
        return elements;
    }

    private static List<Long> dims(ValueInfoProto value) {
        return value.getType().getTensorType().getShape().getDimList().stream()
                .map(TensorShapeProto.Dimension::getDimValue).toList();
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(attribute -> attribute.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(node.getName() + " has no attribute " + name));
    }

    private static List<Long> ints(NodeProto node, String name) {
        return attribute(node, name).getIntsList();
    }
}
