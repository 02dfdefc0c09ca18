package dev.latm.model.ir;

import java.util.List;

/**
 * One node of the network IR. Layers are records; each names the layers whose outputs it reads
 * ({@link Network#INPUT} for the image), so a {@link Network}'s list is a graph in topological
 * order. Costs are for the whole batch.
 */
public sealed interface Layer permits UnaryLayer, Add {

    /** Stable hierarchical name, e.g. {@code stages.3.block.1.expand}; engines, profiles and lookups key on it. */
    String name();

    /** Names of the layers this one reads, in argument order. */
    List<String> inputs();

    Shape inputShape();

    /** The shape it writes; by default the one it reads, as the element-wise ops (add, se) do. */
    default Shape outputShape() {
        return inputShape();
    }

    /** Short operation name for tables: conv, depthwise, pointwise, se, avgpool, ... */
    String op();

    /** Spatial kernel, or 0 where the op has none. */
    default int kernel() {
        return 0;
    }

    /** Spatial stride, or 1 where the op has none. */
    default int stride() {
        return 1;
    }

    /** Multiply-adds of convolutions and linear layers; 0 for element-wise ops. */
    default long macs() {
        return 0;
    }

    /** Parameters in inference form: BatchNorm folded into the convolution bias. */
    default long params() {
        return 0;
    }

    /** Parameters in training form: BatchNorm weight and bias counted, as torchvision reports. */
    default long trainingParams() {
        return params();
    }
}
