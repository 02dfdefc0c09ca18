package dev.latm.model.spec;

/** The convolution operation of a block, the ConvOp choice of the MnasNet search space. */
public enum ConvOp {
    /** Regular k x k convolution + BN + activation. */
    CONV,
    /** Depthwise k x k + BN + activation, optional SE, pointwise + BN (linear). */
    SEPARABLE_CONV,
    /** MBConv: pointwise expand, depthwise, optional SE, pointwise project. */
    INVERTED_BOTTLENECK
}
