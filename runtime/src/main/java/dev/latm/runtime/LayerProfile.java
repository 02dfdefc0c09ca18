package dev.latm.runtime;

import java.util.List;

/**
 * Mean per-layer latency of a profiled run, keyed by IR layer name.
 *
 * @param layers  one row per IR layer that ran, in execution order
 * @param groups  the same time summed per group: {@code stem}, {@code stages.N}, {@code head}
 * @param runs    profiled runs the means are over
 * @param totalMs sum of the layer means: the time the profile accounts for
 */
public record LayerProfile(List<Row> layers, List<Row> groups, int runs, double totalMs) {

    public LayerProfile {
        layers = List.copyOf(layers);
        groups = List.copyOf(groups);
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
