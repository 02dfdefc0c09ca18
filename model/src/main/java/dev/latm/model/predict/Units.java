package dev.latm.model.predict;

import dev.latm.model.ir.Add;
import dev.latm.model.ir.AvgPool;
import dev.latm.model.ir.Conv;
import dev.latm.model.ir.GlobalAvgPool;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Linear;
import dev.latm.model.ir.Network;
import dev.latm.model.ir.SqueezeExcite;
import dev.latm.model.spec.Activation;
import java.util.ArrayList;
import java.util.List;

/** Decomposes a network into the units a CPU runtime executes: one per IR layer, in execution order. */
public final class Units {
    private Units() {
    }

    public static List<Unit> of(Network network) {
        List<Unit> units = new ArrayList<>(network.layers().size());
        for (Layer layer : network.layers()) {
            units.add(of(layer));
        }
        return units;
    }

    static Unit of(Layer layer) {
        int in = layer.inputShape().channels();
        int out = layer.outputShape().channels();
        int inSize = layer.inputShape().height();
        int outSize = layer.outputShape().height();
        long inputElements = layer.inputShape().elements();
        long outputElements = layer.outputShape().elements();
        if (layer instanceof Conv conv) {
            UnitKind kind = conv.depthwise() ? UnitKind.DEPTHWISE
                    : conv.kernel() == 1 ? UnitKind.POINTWISE : UnitKind.CONV;
            return new Unit(layer.name(), kind, conv.kernel(), conv.stride(), in, out, inSize, outSize, 0,
                    conv.activation(), null, conv.macs(), conv.params(), inputElements, outputElements);
        }
        if (layer instanceof SqueezeExcite se) {
            // reads its input twice (pool, then the gated multiply) and writes it once
            return new Unit(layer.name(), UnitKind.SQUEEZE_EXCITE, 0, 1, in, out, inSize, outSize,
                    se.squeezeChannels(), Activation.NONE, se.gate(), se.macs(), se.params(), 2 * inputElements,
                    outputElements);
        }
        if (layer instanceof Add) {
            return new Unit(layer.name(), UnitKind.ADD, 0, 1, in, out, inSize, outSize, 0, Activation.NONE, null,
                    0, 0, 2 * inputElements, outputElements);
        }
        if (layer instanceof AvgPool pool) {
            return new Unit(layer.name(), UnitKind.AVG_POOL, pool.kernel(), pool.stride(), in, out, inSize,
                    outSize, 0, Activation.NONE, null, 0, 0, inputElements, outputElements);
        }
        if (layer instanceof GlobalAvgPool) {
            return new Unit(layer.name(), UnitKind.GLOBAL_POOL, 0, 1, in, out, inSize, outSize, 0,
                    Activation.NONE, null, 0, 0, inputElements, outputElements);
        }
        Linear linear = (Linear) layer; // the Layer interface is sealed: nothing else is left
        return new Unit(layer.name(), UnitKind.LINEAR, 0, 1, in, out, 1, 1, 0, linear.activation(), null,
                linear.macs(), linear.params(), inputElements, outputElements);
    }
}
