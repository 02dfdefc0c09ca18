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
import dev.latm.runtime.jvm.kernels.AddReference;
import dev.latm.runtime.jvm.kernels.AvgPoolReference;
import dev.latm.runtime.jvm.kernels.ConvReference;
import dev.latm.runtime.jvm.kernels.GlobalAvgPoolReference;
import dev.latm.runtime.jvm.kernels.LinearReference;
import dev.latm.runtime.jvm.kernels.SqueezeExciteReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A straightforward executor of the IR for tests: NCHW arrays, one fresh array per layer, the
 * plain-loops reference kernels, the same seeded weights as the engines. Slow and obviously right.
 */
final class ReferenceExecutor {
    private ReferenceExecutor() {
    }

    /** The network's logits, [batch * classes], for the weights and input of {@code seed}. */
    static float[] run(Network network, long seed) {
        SeededWeights weights = new SeededWeights(seed);
        Map<String, float[]> values = new HashMap<>();
        values.put(Network.INPUT, weights.input(network.inputShape()));
        for (Layer layer : network.layers()) {
            values.put(layer.name(), run(layer, values, weights));
        }
        return values.get(network.output().name());
    }

    private static float[] run(Layer layer, Map<String, float[]> values, SeededWeights weights) {
        float[] in = values.get(layer.inputs().get(0));
        Shape shape = layer.inputShape();
        if (layer instanceof Conv conv) {
            return ConvReference.conv(in, shape.batch(), shape.channels(), shape.height(), shape.width(),
                    weights.convWeights(conv), weights.convBias(conv), conv.outputShape().channels(), conv.kernel(),
                    conv.stride(), conv.groups(), conv.activation());
        } else if (layer instanceof SqueezeExcite se) {
            return SqueezeExciteReference.apply(in, shape.batch(), shape.channels(), shape.height(), shape.width(),
                    weights.seReduceWeights(se), weights.seReduceBias(se), weights.seExpandWeights(se),
                    weights.seExpandBias(se), se.squeezeChannels(), se.gate());
        } else if (layer instanceof AvgPool pool) {
            return AvgPoolReference.pool(in, shape.batch(), shape.channels(), shape.height(), shape.width(),
                    pool.kernel());
        } else if (layer instanceof GlobalAvgPool) {
            return GlobalAvgPoolReference.pool(in, shape.batch(), shape.channels(), shape.height(), shape.width());
        } else if (layer instanceof Add add) {
            return AddReference.add(values.get(add.left()), values.get(add.right()));
        } else if (layer instanceof Linear linear) {
            return LinearReference.linear(in, shape.batch(), linear.inFeatures(), weights.linearWeights(linear),
                    weights.linearBias(linear), linear.outFeatures(), linear.activation());
        }
        throw new IllegalArgumentException("no reference for " + layer);
    }
}
