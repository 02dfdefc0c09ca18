package dev.latm.runtime.onnx;

import dev.latm.proto.onnx.GraphProto;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.onnx.NodeProto;
import dev.latm.proto.onnx.TensorProto;
import dev.latm.proto.onnx.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.latm.runtime.onnx.OnnxGraphBuilder.intAttribute;

/**
 * Rewrites a float model of {@link OnnxLowering} into ONNX's QDQ form, the form ONNX Runtime's
 * CPU provider fuses into int8 kernels: every activation tensor passes through QuantizeLinear (uint8,
 * per tensor, see {@link ActivationQuantization}) and DequantizeLinear, and every Conv and Gemm
 * reads int8 per-channel weights and int32 biases through DequantizeLinear. ONNX Runtime then turns
 * each {@code DQ -> op -> Q} group into one integer kernel: QLinearConv, QGemm, QLinearAdd,
 * QLinearMul, QLinearGlobalAveragePool, QLinearAveragePool, QLinearSigmoid.
 *
 * <p>Three rewrites keep the activations in int8 where a plain Q/DQ pair would leave float ops:
 * <ul>
 *   <li>ReLU and ReLU6 after a Conv or Gemm are dropped: the Q that follows uses the activation's
 *       range, whose zero point 0 and ceiling make its saturation the activation itself.</li>
 *   <li>HardSwish (no int8 kernel) becomes {@code x * DQ(Q(x + 3))} with the Q fixed to [0, 6] and
 *       read back a sixth as large: ReLU6(x + 3) / 6 by saturation, then QLinearAdd and QLinearMul.</li>
 *   <li>HardSigmoid (the SE gate) becomes {@code DQ(Q(x + 3))} the same way.</li>
 * </ul>
 * Flatten keeps its input's quantisation, so ONNX Runtime drops its Q/DQ and flattens the bytes.
 * The logits stay float: the classifier's QGemm writes them directly.
 *
 * <p>One deliberate float fallback: a Conv or Gemm whose shape hits {@link GemmTailDefect} keeps
 * float weights (DQ -> float op -> Q), so ONNX Runtime leaves it unfused instead of computing it
 * wrong; the profile's precision report lists it as float.
 *
 * <p>Names: an activation {@code v} of the float model is quantised by nodes {@code v/quantize} and
 * {@code v/dequantize} into {@code v/quantized} and {@code v/dequantized}; a weight or bias
 * initializer {@code w} becomes {@code w/quantized}, {@code w/scale}, {@code w/zero_point}, and the
 * DequantizeLinear {@code w/dequantize} restores the name {@code w}. Every new node therefore keeps
 * its layer's name as prefix, as profiles need.
 */
final class QdqQuantizer {
    /** Range of ReLU6(x + 3), the numerator of hard sigmoid; exactly what a [0, 6] Q saturates to. */
    private static final ActivationQuantization RELU6 = ActivationQuantization.covering(0f, 6f);
    private static final String THREE = OnnxLowering.SHARED_CONSTANT_PREFIX + "three";

    private final GraphProto source;
    private final Calibration calibration;
    private final int weightQMax;
    private final GemmTailDefect defect;
    private final OnnxGraphBuilder graph = new OnnxGraphBuilder();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    /** Float value name to the name of its dequantised copy in the new graph. */
    private final Map<String, String> dequantized = new HashMap<>();
    private final Map<String, ActivationQuantization> quantization = new HashMap<>();
    /** ReLU/Clip nodes whose effect the preceding Q's saturation already has. */
    private final Set<String> folded = new HashSet<>();

    private QdqQuantizer(GraphProto source, Calibration calibration, int weightQMax, GemmTailDefect defect) {
        this.source = source;
        this.calibration = calibration;
        this.weightQMax = weightQMax;
        this.defect = defect;
        for (TensorProto tensor : source.getInitializerList()) {
            initializers.put(tensor.getName(), tensor);
        }
        for (NodeProto node : source.getNodeList()) {
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        for (ValueInfoProto output : source.getOutputList()) {
            graphOutputs.add(output.getName());
        }
    }

    /**
     * @param calibration range and shape of every activation of {@code floatModel}: the graph input
     *                    and every node output except the graph outputs
     * @param weightQMax  largest |int8 weight|, from {@link CpuFeatures#weightQMax()}
     * @param defect      the GEMM shapes this ONNX Runtime computes wrong, kept float
     * @throws IllegalArgumentException when the model uses an op with no int8 form here
     */
    static ModelProto quantize(ModelProto floatModel, Calibration calibration, int weightQMax,
                               GemmTailDefect defect) {
        GraphProto source = floatModel.getGraph();
        GraphProto quantized = new QdqQuantizer(source, calibration, weightQMax, defect).build();
        return floatModel.toBuilder().setGraph(quantized).build();
    }

    private GraphProto build() {
        for (ValueInfoProto input : source.getInputList()) {
            graph.input(input.getName(), OnnxTensors.dims(input));
            quantize(input.getName(), input.getName(), covering(input.getName()));
        }
        for (NodeProto node : source.getNodeList()) {
            rewrite(node);
        }
        for (ValueInfoProto output : source.getOutputList()) {
            graph.output(output.getName(), OnnxTensors.dims(output));
        }
        return graph.build(source.getName());
    }

    private void rewrite(NodeProto node) {
        switch (node.getOpType()) {
            case "Conv", "Gemm" -> weighted(node);
            case "Relu", "Clip" -> {
                if (!folded.contains(node.getName())) {
                    throw unsupported(node, "a ReLU or Clip is only quantised right after a Conv or Gemm");
                }
            }
            case "HardSwish" -> hardSwish(node);
            case "HardSigmoid" -> hardSigmoid(node);
            case "Flatten" -> {
                copy(node);
                // same scale and zero point as the input: ONNX Runtime then flattens the bytes
                quantize(output(node), output(node), quantization.get(node.getInput(0)));
            }
            case "Sigmoid", "Mul", "Add", "GlobalAveragePool", "AveragePool" -> {
                copy(node);
                quantizeOutput(node, output(node));
            }
            default -> throw unsupported(node, "no int8 form for this op");
        }
    }

    /** Conv or Gemm on int8 weights and an int32 bias, then the output (or the folded ReLU's) quantised. */
    private void weighted(NodeProto node) {
        String input = node.getInput(0);
        ActivationQuantization inputQuantization = quantizationOf(input, node);
        boolean conv = node.getOpType().equals("Conv");
        // Conv weights are [out, in, k, k]; Gemm's B is [out, in] with transB = 1, else [in, out]
        int axis = conv || OnnxTensors.attributeInt(node, "transB") == 1 ? 0 : 1;
        String weight = node.getInput(1);
        TensorProto weightTensor = initializer(weight, node);
        long[] dims = weightTensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        if (hitsGemmTailDefect(node, dims, axis)) {
            floatFallback(node);
            return;
        }
        float[] weightScales = WeightQuantizer.dequantizedWeights(graph, weight, OnnxTensors.floats(weightTensor),
                dims, axis, weightQMax);
        List<String> inputs = new ArrayList<>(List.of(dequantizedName(input, node), weight));
        if (node.getInputCount() > 2) {
            String bias = node.getInput(2);
            WeightQuantizer.dequantizedBias(graph, bias, OnnxTensors.floats(initializer(bias, node)),
                    inputQuantization.scale(), weightScales);
            inputs.add(bias);
        }
        graph.node(node.getName(), node.getOpType(), inputs, output(node), node.getAttributeList());
        quantizeWeightedOutput(node);
    }

    /** A GEMM-based Conv or a Gemm whose shape this ONNX Runtime computes wrong in int8. */
    private boolean hitsGemmTailDefect(NodeProto node, long[] dims, int axis) {
        if (node.getOpType().equals("Conv") && OnnxTensors.attributeInt(node, "group") > 1) {
            return false; // depthwise: ORT's own kernel, no GEMM
        }
        long channels = dims[axis];
        long reduction = 1;
        for (int d = 0; d < dims.length; d++) {
            reduction *= d == axis ? 1 : dims[d];
        }
        return defect.affects(channels, reduction, calibration.rows(output(node)));
    }

    /**
     * The op on its float weights, between a DQ and a Q. ONNX Runtime would quantise float weights
     * between a DQ with one scale and a Q itself (its WeightBiasQuantization pass) and fuse the
     * group after all; a DQ of the input of its own, per axis with the one scale repeated along the
     * input's longest axis (a one-element axis would count as one scale), means the same numbers and
     * leaves the op alone, in float.
     */
    private void floatFallback(NodeProto node) {
        String input = node.getInput(0);
        ActivationQuantization q = quantizationOf(input, node);
        String prefix = node.getName() + "/input";
        List<Long> shape = calibration.shape(input);
        int axis = 0;
        for (int d = 1; d < shape.size(); d++) {
            axis = shape.get(d) > shape.get(axis) ? d : axis;
        }
        float[] scales = new float[Math.toIntExact(shape.get(axis))];
        Arrays.fill(scales, q.scale());
        byte[] zeroPoints = new byte[scales.length];
        Arrays.fill(zeroPoints, (byte) q.zeroPoint());
        graph.initializer(prefix + "/scale", scales, scales.length);
        graph.byteInitializer(prefix + "/zero_point", OnnxGraphBuilder.UINT8, zeroPoints, zeroPoints.length);
        graph.node(prefix + "/dequantize", "DequantizeLinear",
                List.of(input + "/quantized", prefix + "/scale", prefix + "/zero_point"), prefix,
                intAttribute("axis", axis));
        List<String> inputs = new ArrayList<>(List.of(prefix));
        for (String parameter : node.getInputList().subList(1, node.getInputCount())) {
            graph.initializer(initializer(parameter, node));
            inputs.add(parameter);
        }
        graph.node(node.getName(), node.getOpType(), inputs, output(node), node.getAttributeList());
        quantizeWeightedOutput(node);
    }

    /** Quantises a Conv's or Gemm's output, or the output of the ReLU after it, into which it folds. */
    private void quantizeWeightedOutput(NodeProto node) {
        String output = output(node);
        if (graphOutputs.contains(output)) {
            return; // the logits: the integer kernel writes float directly
        }
        List<NodeProto> next = consumers.getOrDefault(output, List.of());
        if (next.size() == 1 && isFoldableActivation(next.get(0))) {
            NodeProto activation = next.get(0);
            folded.add(activation.getName());
            quantizeOutput(activation, output);
        } else {
            quantizeOutput(node, output);
        }
    }

    /** A ReLU, or a Clip to [0, c], which the Q after the op reproduces by saturating. */
    private boolean isFoldableActivation(NodeProto node) {
        if (node.getOpType().equals("Relu")) {
            return true;
        }
        if (!node.getOpType().equals("Clip") || node.getInputCount() < 2) {
            return false;
        }
        TensorProto min = initializers.get(node.getInput(1));
        return min != null && OnnxTensors.floats(min).length == 1 && OnnxTensors.floats(min)[0] == 0f;
    }

    /** h-swish(x) = x * ReLU6(x + 3) / 6, as QLinearAdd, a saturating Q and QLinearMul. */
    private void hardSwish(NodeProto node) {
        String x = dequantizedName(node.getInput(0), node);
        String gate = hardSigmoidOf(node, x);
        graph.node(node.getName(), "Mul", List.of(x, gate), output(node));
        quantizeOutput(node, output(node));
    }

    /** The SE gate: HardSigmoid with alpha 1/6, beta 1/2, which is ReLU6(x + 3) / 6. */
    private void hardSigmoid(NodeProto node) {
        float alpha = OnnxTensors.attributeFloat(node, "alpha", 0.2f);
        float beta = OnnxTensors.attributeFloat(node, "beta", 0.5f);
        if (Math.abs(alpha - 1f / 6f) > 1e-6f || beta != 0.5f) {
            throw unsupported(node, "only ReLU6(x + 3) / 6 (alpha 1/6, beta 1/2) has an int8 form here, got alpha "
                    + alpha + ", beta " + beta);
        }
        String gate = hardSigmoidOf(node, dequantizedName(node.getInput(0), node));
        dequantized.put(output(node), gate);
        quantization.put(output(node), RELU6.dividedBy(6f));
    }

    /**
     * Emits DQ(Q(x + 3)) with the Q fixed to [0, 6] and the DQ reading its bytes a sixth as large,
     * so the value is ReLU6(x + 3) / 6 in [0, 1]; returns its name.
     */
    private String hardSigmoidOf(NodeProto node, String x) {
        String name = node.getName();
        graph.node(name + "/add", "Add", List.of(x, three(name)), name + "/add");
        quantizationInitializers(name + "/add", RELU6);
        graph.node(name + "/add/quantize", "QuantizeLinear",
                List.of(name + "/add", name + "/add/scale", name + "/add/zero_point"), name + "/add/quantized");
        quantizationInitializers(name + "/gate", RELU6.dividedBy(6f));
        graph.node(name + "/gate/dequantize", "DequantizeLinear",
                List.of(name + "/add/quantized", name + "/gate/scale", name + "/gate/zero_point"), name + "/gate");
        return name + "/gate";
    }

    /** A dequantised 3 for node {@code name}: uint8 3 at scale 1, read through a DQ of its own. */
    private String three(String name) {
        if (!graph.isDefined(THREE + "/quantized")) {
            graph.byteInitializer(THREE + "/quantized", OnnxGraphBuilder.UINT8, new byte[] {3});
            graph.initializer(THREE + "/scale", new float[] {1f});
            graph.byteInitializer(THREE + "/zero_point", OnnxGraphBuilder.UINT8, new byte[] {0});
        }
        graph.node(name + "/three", "DequantizeLinear",
                List.of(THREE + "/quantized", THREE + "/scale", THREE + "/zero_point"), name + "/three");
        return name + "/three";
    }

    private void copy(NodeProto node) {
        List<String> inputs = new ArrayList<>();
        for (String input : node.getInputList()) {
            inputs.add(dequantizedName(input, node));
        }
        graph.node(node.getName(), node.getOpType(), inputs, output(node), node.getAttributeList());
    }

    /** Quantises {@code raw}, the float result of {@code node}, with the calibrated range of the node's output. */
    private void quantizeOutput(NodeProto node, String raw) {
        quantize(raw, output(node), covering(output(node)));
    }

    /** Q then DQ of {@code raw}, named after the float model's value {@code key}. */
    private void quantize(String raw, String key, ActivationQuantization q) {
        quantizationInitializers(key, q);
        graph.node(key + "/quantize", "QuantizeLinear", List.of(raw, key + "/scale", key + "/zero_point"),
                key + "/quantized");
        graph.node(key + "/dequantize", "DequantizeLinear",
                List.of(key + "/quantized", key + "/scale", key + "/zero_point"), key + "/dequantized");
        dequantized.put(key, key + "/dequantized");
        quantization.put(key, q);
    }

    private void quantizationInitializers(String key, ActivationQuantization q) {
        graph.initializer(key + "/scale", new float[] {q.scale()});
        graph.byteInitializer(key + "/zero_point", OnnxGraphBuilder.UINT8, new byte[] {(byte) q.zeroPoint()});
    }

    private ActivationQuantization covering(String value) {
        return ActivationQuantization.covering(calibration.range(value));
    }

    private ActivationQuantization quantizationOf(String value, NodeProto reader) {
        ActivationQuantization q = quantization.get(value);
        if (q == null) {
            throw unsupported(reader, "its input " + value + " is not a quantised activation");
        }
        return q;
    }

    private String dequantizedName(String value, NodeProto reader) {
        String name = dequantized.get(value);
        if (name == null) {
            throw unsupported(reader, "its input " + value + " is not a quantised activation");
        }
        return name;
    }

    private TensorProto initializer(String name, NodeProto reader) {
        TensorProto tensor = initializers.get(name);
        if (tensor == null) {
            throw unsupported(reader, "its weight " + name + " is not an initializer");
        }
        return tensor;
    }

    private static String output(NodeProto node) {
        return node.getOutput(0);
    }

    private static IllegalArgumentException unsupported(NodeProto node, String why) {
        return new IllegalArgumentException("cannot quantise ONNX node " + node.getName() + " (" + node.getOpType()
                + "): " + why);
    }
}
