package dev.latm.runtime;

import java.util.List;
import java.util.Objects;

/**
 * Mean per-layer latency of a profiled run, keyed by IR layer name.
 *
 * @param layers    one row per IR layer that ran, in execution order
 * @param groups    the same time summed per group: {@code stem}, {@code stages.N}, {@code head}
 * @param runs      profiled runs the means are over
 * @param totalMs   sum of the layer means: the time the profile accounts for
 * @param precision the same run by kernel, with the precision each computed in
 *                  ({@link PrecisionReport#EMPTY} where the engine does not report kernels)
 */
public record LayerProfile(List<Row> layers, List<Row> groups, int runs, double totalMs,
                           PrecisionReport precision) {

    public LayerProfile {
        layers = List.copyOf(layers);
        groups = List.copyOf(groups);
        Objects.requireNonNull(precision, "precision");
    }

    /** A profile without a kernel report. */
    public LayerProfile(List<Row> layers, List<Row> groups, int runs, double totalMs) {
        this(layers, groups, runs, totalMs, PrecisionReport.EMPTY);
    }

    /**
     * @param name   IR layer name or group name
     * @param op     the IR op (empty for groups)
     * @param meanMs mean time per run
     * @param share  fraction of {@code totalMs}
     */
    public record Row(String name, String op, double meanMs, double share) {
    }
}
