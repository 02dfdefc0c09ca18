package dev.latm.model.ir;

import dev.latm.model.spec.Activation;
import dev.latm.model.spec.ArchitectureSpec;
import dev.latm.model.spec.BlockSpec;
import dev.latm.model.spec.ConvOp;
import dev.latm.model.spec.HeadSpec;
import dev.latm.model.spec.SkipOp;
import dev.latm.model.spec.SqueezeExciteSpec;
import dev.latm.model.spec.StageSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a validated spec to the network IR, naming every layer. Only shapes are computed here:
 * nothing proportional to tensor sizes is allocated, so a spec can be lowered and costed before a
 * server decides whether to build it.
 */
public final class Lowering {
    private final List<Layer> layers = new ArrayList<>();
    private String current = Network.INPUT;
    private Shape shape;

    private Lowering(Shape input) {
        this.shape = input;
    }

    public static Network lower(ArchitectureSpec spec) {
        Shape input = new Shape(spec.batch(), spec.inputChannels(), spec.resolution(), spec.resolution());
        Lowering lowering = new Lowering(input);
        lowering.conv("stem", spec.stem().outChannels(), spec.stem().kernelSize(), spec.stem().stride(), 1,
                spec.stem().activation());
        for (int stage = 0; stage < spec.stages().size(); stage++) {
            StageSpec stageSpec = spec.stages().get(stage);
            for (int repeat = 0; repeat < stageSpec.repeats(); repeat++) {
                int stride = repeat == 0 ? stageSpec.block().stride() : 1;
                lowering.block("stages." + stage + ".block." + repeat, stageSpec.block(), stride);
            }
        }
        lowering.head(spec.head(), spec.numClasses());
        return new Network(spec, input, lowering.layers);
    }

    private void block(String prefix, BlockSpec block, int stride) {
        String blockInput = current;
        Shape inputShape = shape;
        int in = inputShape.channels();
        int out = block.outChannels();
        Activation act = block.activation();
        if (block.op() == ConvOp.CONV) {
            conv(prefix + ".conv", out, block.kernelSize(), stride, 1, act);
            squeezeExcite(prefix + ".se", block.se(), in);
        } else {
            int expanded = block.op() == ConvOp.INVERTED_BOTTLENECK ? block.expansion().expandedChannels(in) : in;
            if (expanded != in) {
                conv(prefix + ".expand", expanded, 1, 1, 1, act);
            }
            conv(prefix + ".depthwise", expanded, block.kernelSize(), stride, expanded, act);
            squeezeExcite(prefix + ".se", block.se(), in);
            conv(prefix + ".project", out, 1, 1, 1, Activation.NONE);
        }
        skip(prefix, block.skip(), blockInput, inputShape, stride);
    }

    private void skip(String prefix, SkipOp skip, String blockInput, Shape inputShape, int stride) {
        String blockOutput = current;
        Shape outputShape = shape;
        boolean sameShape = stride == 1 && inputShape.channels() == outputShape.channels();
        if (skip == SkipOp.IDENTITY && sameShape) {
            add(prefix + ".add", blockOutput, blockInput);
        } else if (skip == SkipOp.POOLING) {
            current = blockInput;
            shape = inputShape;
            if (stride > 1) {
                Shape pooled = new Shape(shape.batch(), shape.channels(), Conv.outputSize(shape.height(), 1, stride),
                        Conv.outputSize(shape.width(), 1, stride));
                append(new AvgPool(prefix + ".skip.pool", current, shape, pooled, stride));
            }
            if (shape.channels() != outputShape.channels()) {
                conv(prefix + ".skip.project", outputShape.channels(), 1, 1, 1, Activation.NONE);
            }
            add(prefix + ".add", blockOutput, current);
        }
    }

    private void head(HeadSpec head, int numClasses) {
        if (head.convChannels() > 0) {
            conv("head.conv", head.convChannels(), 1, 1, 1, head.convActivation());
        }
        append(new GlobalAvgPool("head.pool", current, shape));
        if (head.hiddenChannels() > 0) {
            append(new Linear("head.hidden", current, shape, head.hiddenChannels(), head.hiddenActivation()));
        }
        append(new Linear("head.classifier", current, shape, numClasses, Activation.NONE));
    }

    private void conv(String name, int outChannels, int kernel, int stride, int groups, Activation activation) {
        Shape out = new Shape(shape.batch(), outChannels, Conv.outputSize(shape.height(), kernel, stride),
                Conv.outputSize(shape.width(), kernel, stride));
        append(new Conv(name, current, shape, out, kernel, stride, groups, activation));
    }

    private void squeezeExcite(String name, SqueezeExciteSpec se, int blockInputChannels) {
        if (se.enabled()) {
            append(new SqueezeExcite(name, current, shape, se.squeezeChannels(blockInputChannels, shape.channels()),
                    se.gate()));
        }
    }

    private void add(String name, String left, String right) {
        append(new Add(name, left, right, shape));
    }

    private void append(Layer layer) {
        layers.add(layer);
        current = layer.name();
        shape = layer.outputShape();
    }
}
