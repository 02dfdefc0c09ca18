package dev.latm.model.predict;

import dev.latm.proto.v1.Architecture;
import java.util.Map;

/**
 * One training sample: a network and its measured latency, optionally with a per-layer profile.
 *
 * @param architecture the (normalised) architecture that was measured
 * @param labelMs      its latency; the drift-proof {@code normalized_ms} where the device has it
 * @param layerMs      mean milliseconds per IR layer name from a profiled run, empty without one; a
 *                     layer the runtime fused into a neighbour is absent
 */
public record LatencySample(Architecture architecture, double labelMs, Map<String, Double> layerMs) {

    public LatencySample {
        if (!(labelMs > 0) || Double.isInfinite(labelMs)) {
            throw new IllegalArgumentException("label_ms: must be a positive number (got " + labelMs + ")");
        }
        layerMs = Map.copyOf(layerMs);
    }

    public LatencySample(Architecture architecture, double labelMs) {
        this(architecture, labelMs, Map.of());
    }

    public boolean hasProfile() {
        return !layerMs.isEmpty();
    }
}
