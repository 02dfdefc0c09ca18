package dev.latm.model.predict;

/**
 * What a CPU runtime executes as one kernel. An IR layer is already a fused unit (a convolution
 * carries its folded BatchNorm and its activation; squeeze-and-excitation is one layer), which is
 * what nn-Meter found to be the right grain: kernels, not single operators, are what a device runs
 * and what adds up to a network's latency.
 */
public enum UnitKind {
    /** A regular convolution with a spatial kernel (the stem, CONV blocks). */
    CONV,
    /** A 1 x 1 convolution: an expansion, a projection, the head's conv, a pooling skip's projection. */
    POINTWISE,
    /** A depthwise convolution. */
    DEPTHWISE,
    /** Squeeze-and-excitation: pool, two 1 x 1 convs, gate, per-channel multiply. */
    SQUEEZE_EXCITE,
    /** The element-wise sum closing a skip. */
    ADD,
    /** A pooling skip's strided average pool. */
    AVG_POOL,
    /** The head's global average pool. */
    GLOBAL_POOL,
    /** A fully connected layer on the pooled vector (the head's hidden layer, the classifier). */
    LINEAR
}
