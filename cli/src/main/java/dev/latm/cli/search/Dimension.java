package dev.latm.cli.search;

import java.util.Locale;

/**
 * One choice a search space makes per stage, named as in the search-space JSON. These are the
 * per-block choices of the MnasNet factorized hierarchical space (ConvOp, KernelSize, SERatio,
 * SkipOp, FilterSize, Layers) plus the expansion ratio and activation MobileNetV3 varies.
 */
public enum Dimension {
    OP,
    KERNEL,
    /** Expansion ratio of an INVERTED_BOTTLENECK; meaningless for the other ops. */
    EXPANSION,
    SE,
    SKIP,
    FILTERS,
    REPEATS,
    ACTIVATION;

    /** The key of this dimension in a stage of the search-space JSON: its name in lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
