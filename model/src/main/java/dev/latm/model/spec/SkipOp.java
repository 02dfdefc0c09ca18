package dev.latm.model.spec;

/** How a block repeat's output is combined with its input; semantics in architecture.proto. */
public enum SkipOp {
    NONE,
    /** Residual add, only where stride is 1 and channels match. */
    IDENTITY,
    /** Residual add through average pooling by the stride and a 1 x 1 projection when needed. */
    POOLING
}
