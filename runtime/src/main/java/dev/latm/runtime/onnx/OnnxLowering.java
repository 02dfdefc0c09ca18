package dev.latm.runtime.onnx;

import dev.latm.model.ir.Add;
import dev.latm.model.ir.AvgPool;
import dev.latm.model.ir.Conv;
import dev.latm.model.ir.GlobalAvgPool;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Linear;
import dev.latm.model.ir.Network;
import dev.latm.model.ir.Shape;
import dev.latm.model.ir.SqueezeExcite;
import dev.latm.model.spec.Activation;
import dev.latm.model.spec.SeGate;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.GraphProto;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.onnx.OperatorSetIdProto;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.latm.runtime.onnx.OnnxGraphBuilder.floatAttribute;
import static dev.latm.runtime.onnx.OnnxGraphBuilder.intAttribute;
import static dev.latm.runtime.onnx.OnnxGraphBuilder.intsAttribute;

/**
 * Lowers the network IR with seeded weights to an ONNX model in inference form (BatchNorm folded
 * into each convolution's bias), the model ONNX Runtime runs and {@code latm export} writes.
 *
 * <p>Naming is what lets a profile of the ONNX graph be read back in IR terms: the main node of
 * every IR layer (the Conv, Gemm, pool, Add, or the SE's final Mul) is named exactly as the layer,
 * and the value holding the layer's output carries the layer's name too, so IR inputs are ONNX
 * value names. Auxiliary nodes, values and initializers are named {@code <layer>/<part>}
 * ({@code stages.1.block.0.expand/relu}, {@code …se/pool}, {@code …/weight}), so any of them maps
 * to its layer by the prefix before the first '/'. The one exception is the network's output value,
 * named {@value #OUTPUT} as callers expect.
 */
public final class OnnxLowering {
    /** ONNX IR version 8 (ONNX 1.10+); read by every ONNX Runtime since 1.10. */
    public static final long IR_VERSION = 8;
    /** Default-domain opset 17: has HardSwish (14+) and Clip with tensor bounds (11+). */
    public static final long OPSET = 17;
    /** The graph input, [batch, channels, height, width]. */
    public static final String INPUT = Network.INPUT;
    /** The graph output, [batch, classes]. */
    public static final String OUTPUT = "logits";
    /**
     * Prefix of initializers that are constants shared by many nodes rather than any layer's
     * parameters (ReLU6's Clip bounds); parameter counts leave them out.
     */
    public static final String SHARED_CONSTANT_PREFIX = "shared/";

    static final String CLIP_MIN = SHARED_CONSTANT_PREFIX + "relu6_min";
    static final String CLIP_MAX = SHARED_CONSTANT_PREFIX + "relu6_max";

    private final Network network;
    private final SeededWeights weights;
    private final OnnxGraphBuilder graph = new OnnxGraphBuilder();
    /** Values already flattened to [batch, features] (outputs of Gemm), which need no Flatten. */
    private final Set<String> flatValues = new HashSet<>();

    private OnnxLowering(Network network, SeededWeights weights) {
        this.network = network;
        this.weights = weights;
    }

    /**
     * @throws IllegalArgumentException when the network does not end in a linear classifier (every
     *                                  lowered spec does), since the output must be [batch, classes]
     */
    public static ModelProto lower(Network network, SeededWeights weights) {
        if (!(network.output() instanceof Linear)) {
            throw new IllegalArgumentException("ONNX lowering needs a network that ends in a linear classifier, got "
                    + network.output().op() + " " + network.output().name());
        }
        return new OnnxLowering(network, weights).build();
    }

    /** True for initializers that are shared constants, not parameters of any layer. */
    public static boolean isSharedConstant(String initializerName) {
        return initializerName.startsWith(SHARED_CONSTANT_PREFIX);
    }

    private ModelProto build() {
        Shape input = network.inputShape();
        graph.input(INPUT, input.batch(), input.channels(), input.height(), input.width());
        for (Layer layer : network.layers()) {
            lowerLayer(layer, layer == network.output() ? OUTPUT : layer.name());
        }
        Shape logits = network.output().outputShape();
        graph.output(OUTPUT, logits.batch(), logits.channels());
        String name = network.spec().name().isEmpty() ? "latm" : network.spec().name();
        return model(graph.build(name));
    }

    /** A model of {@code graph} at latm's IR version and opset, naming latm as its producer. */
    static ModelProto model(GraphProto graph) {
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("latm")
                .setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        String version = OnnxLowering.class.getPackage().getImplementationVersion();
        if (version != null) {
            model.setProducerVersion(version);
        }
        return model.build();
    }

    private void lowerLayer(Layer layer, String output) {
        if (layer instanceof Conv conv) {
            conv(conv, output);
        } else if (layer instanceof SqueezeExcite se) {
            squeezeExcite(se, output);
        } else if (layer instanceof AvgPool pool) {
            averagePool(graph, pool.name(), pool.input(), output, pool.kernel());
        } else if (layer instanceof GlobalAvgPool pool) {
            graph.node(pool.name(), "GlobalAveragePool", List.of(pool.input()), output);
        } else if (layer instanceof Add add) {
            graph.node(add.name(), "Add", List.of(add.left(), add.right()), output);
        } else if (layer instanceof Linear linear) {
            linear(linear, output);
        } else {
            throw new IllegalArgumentException("no ONNX lowering for " + layer.getClass().getSimpleName());
        }
    }

    private void conv(Conv conv, String output) {
        String name = conv.name();
        String weight = name + "/weight";
        String bias = name + "/bias";
        int k = conv.kernel();
        graph.initializer(weight, weights.convWeights(conv), conv.outputShape().channels(),
                conv.inputChannelsPerGroup(), k, k);
        graph.initializer(bias, weights.convBias(conv), conv.outputShape().channels());
        String raw = conv.activation() == Activation.NONE ? output : name + "/conv";
        int pad = conv.padding();
        graph.node(name, "Conv", List.of(conv.input(), weight, bias), raw,
                intsAttribute("kernel_shape", k, k), intsAttribute("strides", conv.stride(), conv.stride()),
                intsAttribute("pads", pad, pad, pad, pad), intAttribute("group", conv.groups()));
        activation(graph, name, conv.activation(), raw, output);
    }

    /** GAP, 1 x 1 reduce conv, ReLU, 1 x 1 expand conv, gate; the main node is the final Mul. */
    private void squeezeExcite(SqueezeExcite se, String output) {
        String name = se.name();
        int channels = se.inputShape().channels();
        int squeeze = se.squeezeChannels();
        graph.initializer(name + "/reduce/weight", weights.seReduceWeights(se), squeeze, channels, 1, 1);
        graph.initializer(name + "/reduce/bias", weights.seReduceBias(se), squeeze);
        graph.initializer(name + "/expand/weight", weights.seExpandWeights(se), channels, squeeze, 1, 1);
        graph.initializer(name + "/expand/bias", weights.seExpandBias(se), channels);
        graph.node(name + "/pool", "GlobalAveragePool", List.of(se.input()), name + "/pool");
        graph.node(name + "/reduce", "Conv", List.of(name + "/pool", name + "/reduce/weight", name + "/reduce/bias"),
                name + "/reduce", intsAttribute("kernel_shape", 1, 1));
        graph.node(name + "/relu", "Relu", List.of(name + "/reduce"), name + "/relu");
        graph.node(name + "/expand", "Conv", List.of(name + "/relu", name + "/expand/weight", name + "/expand/bias"),
                name + "/expand", intsAttribute("kernel_shape", 1, 1));
        gate(graph, name, se.gate(), name + "/expand", name + "/gate");
        graph.node(name, "Mul", List.of(se.input(), name + "/gate"), output);
    }

    /** Gemm with weights [out, in] (transB = 1), after a Flatten when the input is still [N, C, 1, 1]. */
    private void linear(Linear linear, String output) {
        String name = linear.name();
        String input = linear.input();
        if (!flatValues.contains(input)) {
            graph.node(name + "/flatten", "Flatten", List.of(input), name + "/flatten", intAttribute("axis", 1));
            input = name + "/flatten";
        }
        graph.initializer(name + "/weight", weights.linearWeights(linear), linear.outFeatures(),
                linear.inFeatures());
        graph.initializer(name + "/bias", weights.linearBias(linear), linear.outFeatures());
        String raw = linear.activation() == Activation.NONE ? output : name + "/gemm";
        graph.node(name, "Gemm", List.of(input, name + "/weight", name + "/bias"), raw, intAttribute("transB", 1));
        activation(graph, name, linear.activation(), raw, output);
        flatValues.add(output);
    }

    /**
     * Average pool with kernel = stride in ceil mode, where a window cut by the border averages only
     * the values inside it (count_include_pad = 0), as {@link AvgPool} defines.
     */
    static void averagePool(OnnxGraphBuilder graph, String name, String input, String output, int stride) {
        graph.node(name, "AveragePool", List.of(input), output, intsAttribute("kernel_shape", stride, stride),
                intsAttribute("strides", stride, stride), intAttribute("ceil_mode", 1),
                intAttribute("count_include_pad", 0));
    }

    /**
     * The nodes of {@code activation} from {@code input} to {@code output}, named {@code <layer>/<op>};
     * nothing for {@link Activation#NONE}, where the caller made {@code input} the output already.
     */
    static void activation(OnnxGraphBuilder graph, String layer, Activation activation, String input,
                           String output) {
        switch (activation) {
            case NONE:
                break;
            case RELU:
                graph.node(layer + "/relu", "Relu", List.of(input), output);
                break;
            case RELU6:
                defineClipBounds(graph);
                graph.node(layer + "/relu6", "Clip", List.of(input, CLIP_MIN, CLIP_MAX), output);
                break;
            case HARD_SWISH:
                graph.node(layer + "/hardswish", "HardSwish", List.of(input), output);
                break;
            case SWISH:
                graph.node(layer + "/sigmoid", "Sigmoid", List.of(input), layer + "/sigmoid");
                graph.node(layer + "/swish", "Mul", List.of(input, layer + "/sigmoid"), output);
                break;
            default:
                throw new AssertionError(activation);
        }
    }

    /** The SE gate; HardSigmoid needs alpha = 1/6 (ONNX's default 0.2 is not ReLU6(x + 3) / 6). */
    static void gate(OnnxGraphBuilder graph, String layer, SeGate gate, String input, String output) {
        if (gate == SeGate.HARD_SIGMOID) {
            graph.node(layer + "/hardsigmoid", "HardSigmoid", List.of(input), output,
                    floatAttribute("alpha", 1f / 6f), floatAttribute("beta", 0.5f));
        } else {
            graph.node(layer + "/sigmoid", "Sigmoid", List.of(input), output);
        }
    }

    private static void defineClipBounds(OnnxGraphBuilder graph) {
        if (!graph.isDefined(CLIP_MIN)) {
            graph.initializer(CLIP_MIN, new float[] {0f});
            graph.initializer(CLIP_MAX, new float[] {6f});
        }
    }
}
