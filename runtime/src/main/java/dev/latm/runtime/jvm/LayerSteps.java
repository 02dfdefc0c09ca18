package dev.latm.runtime.jvm;

import dev.latm.model.ir.Add;
import dev.latm.model.ir.AvgPool;
import dev.latm.model.ir.Conv;
import dev.latm.model.ir.GlobalAvgPool;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Linear;
import dev.latm.model.ir.Network;
import dev.latm.model.ir.Shape;
import dev.latm.model.ir.SqueezeExcite;
import dev.latm.model.weights.SeededWeights;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.jvm.kernels.AddKernel;
import dev.latm.runtime.jvm.kernels.AvgPoolKernel;
import dev.latm.runtime.jvm.kernels.DepthwiseConvKernel;
import dev.latm.runtime.jvm.kernels.GlobalAvgPoolKernel;
import dev.latm.runtime.jvm.kernels.LinearKernel;
import dev.latm.runtime.jvm.kernels.PointwiseConvKernel;
import dev.latm.runtime.jvm.kernels.RegularConvKernel;
import dev.latm.runtime.jvm.kernels.SqueezeExciteKernel;

/**
 * Binds each IR layer to the kernel that runs it: weights generated and repacked, buffers looked
 * up, work split into items. Everything here happens at build; the steps' {@code run} only calls
 * the kernel on the bound arrays.
 */
final class LayerSteps {
    private final SeededWeights weights;
    private final BufferPlan buffers;
    private final float[] input;

    LayerSteps(SeededWeights weights, BufferPlan buffers, float[] input) {
        this.weights = weights;
        this.buffers = buffers;
        this.input = input;
    }

    LayerStep create(Layer layer) {
        if (layer instanceof Conv conv) {
            return conv(conv);
        } else if (layer instanceof SqueezeExcite se) {
            return squeezeExcite(se);
        } else if (layer instanceof AvgPool pool) {
            return avgPool(pool);
        } else if (layer instanceof GlobalAvgPool pool) {
            return globalAvgPool(pool);
        } else if (layer instanceof Add add) {
            return add(add);
        } else if (layer instanceof Linear linear) {
            return linear(linear);
        }
        throw new EngineException("the java engine has no kernel for " + layer.op() + " (" + layer.name() + ")");
    }

    private LayerStep conv(Conv conv) {
        Shape in = conv.inputShape();
        Shape out = conv.outputShape();
        float[] w = weights.convWeights(conv);
        float[] b = weights.convBias(conv);
        float[] output = buffers.of(conv.name());
        boolean fromInput = conv.input().equals(Network.INPUT);
        if (conv.depthwise() && !fromInput) {
            DepthwiseConvKernel kernel = DepthwiseConvKernel.prepare(w, b, in.channels(), conv.kernel(),
                    conv.stride(), in.batch(), in.height(), in.width(), conv.activation());
            float[] source = buffers.of(conv.input());
            return new LayerStep(conv, kernel.workItems(), (first, end) -> kernel.run(source, output, first, end));
        }
        if (conv.groups() != 1) {
            throw new EngineException("the java engine runs regular (groups = 1) and depthwise convolutions, not "
                    + conv.groups() + " groups (" + conv.name() + ")");
        }
        if (conv.kernel() == 1 && conv.stride() == 1 && !fromInput) {
            PointwiseConvKernel kernel = PointwiseConvKernel.prepare(w, b, in.channels(), out.channels(),
                    out.batch() * out.height() * out.width(), conv.activation());
            float[] source = buffers.of(conv.input());
            return new LayerStep(conv, kernel.workItems(), (first, end) -> kernel.run(source, output, first, end));
        }
        RegularConvKernel kernel = RegularConvKernel.prepare(w, b,
                fromInput ? RegularConvKernel.InputLayout.NCHW : RegularConvKernel.InputLayout.NHWC_PADDED,
                in.channels(), out.channels(), conv.kernel(), conv.stride(), in.batch(), in.height(), in.width(),
                conv.activation());
        float[] source = fromInput ? input : buffers.of(conv.input());
        return new LayerStep(conv, new int[] {kernel.padItems(), kernel.computeItems()},
                (first, end) -> kernel.pad(source, first, end), (first, end) -> kernel.compute(output, first, end));
    }

    private LayerStep squeezeExcite(SqueezeExcite se) {
        Shape shape = se.inputShape();
        SqueezeExciteKernel kernel = SqueezeExciteKernel.prepare(weights.seReduceWeights(se),
                weights.seReduceBias(se), weights.seExpandWeights(se), weights.seExpandBias(se), shape.channels(),
                se.squeezeChannels(), shape.batch(), shape.height(), shape.width(), se.gate());
        float[] source = source(se);
        float[] output = buffers.of(se.name());
        return new LayerStep(se, new int[] {kernel.poolItems(), kernel.reduceItems(), kernel.expandItems(),
            kernel.exciteItems()}, (first, end) -> kernel.pool(source, first, end), kernel::reduce, kernel::expand,
                (first, end) -> kernel.excite(source, output, first, end));
    }

    private LayerStep avgPool(AvgPool pool) {
        Shape in = pool.inputShape();
        AvgPoolKernel kernel = AvgPoolKernel.prepare(in.channels(), pool.kernel(), in.batch(), in.height(),
                in.width());
        float[] source = source(pool);
        float[] output = buffers.of(pool.name());
        return new LayerStep(pool, kernel.workItems(), (first, end) -> kernel.run(source, output, first, end));
    }

    private LayerStep globalAvgPool(GlobalAvgPool pool) {
        Shape in = pool.inputShape();
        GlobalAvgPoolKernel kernel = GlobalAvgPoolKernel.prepare(in.channels(), in.height() * in.width(),
                in.batch());
        float[] source = source(pool);
        float[] output = buffers.of(pool.name());
        return new LayerStep(pool, kernel.workItems(), (first, end) -> kernel.run(source, output, first, end));
    }

    private LayerStep add(Add add) {
        AddKernel kernel = AddKernel.prepare(BufferPlan.floatsOf(add.inputShape()));
        float[] left = value(add, add.left());
        float[] right = value(add, add.right());
        float[] output = buffers.of(add.name());
        return new LayerStep(add, kernel.workItems(), (first, end) -> kernel.run(left, right, output, first, end));
    }

    private LayerStep linear(Linear linear) {
        LinearKernel kernel = LinearKernel.prepare(weights.linearWeights(linear), weights.linearBias(linear),
                linear.inFeatures(), linear.outFeatures(), linear.inputShape().batch(), linear.activation());
        float[] source = source(linear);
        float[] output = buffers.of(linear.name());
        return new LayerStep(linear, kernel.workItems(), (first, end) -> kernel.run(source, output, first, end));
    }

    private float[] source(Layer layer) {
        return value(layer, layer.inputs().get(0));
    }

    private float[] value(Layer layer, String name) {
        if (name.equals(Network.INPUT)) {
            throw new EngineException("the java engine reads the network input only through a regular "
                    + "convolution, not " + layer.op() + " (" + layer.name() + ")");
        }
        return buffers.of(name);
    }
}
