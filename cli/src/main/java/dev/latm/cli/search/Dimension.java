package dev.latm.cli.search;

/**
 * One choice a search space makes per stage, named as in the search-space JSON. These are the
 * per-block choices of the MnasNet factorized hierarchical space (ConvOp, KernelSize, SERatio,
 * SkipOp, FilterSize, Layers) plus the expansion ratio and activation MobileNetV3 varies.
 */
public enum Dimension {
    OP("op"),
    KERNEL("kernel"),
    /** Expansion ratio of an INVERTED_BOTTLENECK; meaningless for the other ops. */
    EXPANSION("expansion"),
    SE("se"),
    SKIP("skip"),
    FILTERS("filters"),
    REPEATS("repeats"),
    ACTIVATION("activation");

    private final String key;

    Dimension(String key) {
        this.key = key;
    }

    /** The key of this dimension in a stage of the search-space JSON. */
    public String key() {
        return key;
    }
}
