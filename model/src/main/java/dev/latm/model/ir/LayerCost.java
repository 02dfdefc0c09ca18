package dev.latm.model.ir;

/** One row of the per-layer cost table. */
public record LayerCost(String name, String op, int kernel, int stride, Shape inputShape, Shape outputShape,
                        long macs, long params, long trainingParams) {

    static LayerCost of(Layer layer) {
        return new LayerCost(layer.name(), layer.op(), layer.kernel(), layer.stride(), layer.inputShape(),
                layer.outputShape(), layer.macs(), layer.params(), layer.trainingParams());
    }
}
