package dev.latm.server.store;

import dev.latm.runtime.Dtype;
import java.util.Objects;

/**
 * Everything that changes a measured latency: the network (its canonical id already covers the
 * input resolution and batch), the runtime, how it was run, the reference it was anchored to and the
 * numeric format it computed in. Two requests with equal keys on one device measure the same thing,
 * so the second is served from the store.
 *
 * @param reference    the reference network's preset name, or "" for a measurement alone
 * @param dtype        the numeric format
 * @param quantization what besides the engine's version decides the model of {@code dtype} on this host
 *                     ({@link dev.latm.runtime.Engine#quantization}); empty for float32
 */
public record StoreKey(String architectureId, String engine, String engineVersion, int threads, int batch,
                       int resolution, double precision, String deviceId, String reference, Dtype dtype,
                       String quantization) {

    public StoreKey {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(quantization, "quantization");
    }

    /**
     * One text column the table is keyed on; stable across releases, so keep the order. A float32
     * measurement without a reference has the key of the releases before anchoring and numeric formats,
     * so their results (all taken alone, in float32) still serve {@code reference: none}; an anchored
     * one adds its reference, any other format adds itself and its quantization, e.g.
     * {@code |reference=mobilenet_v3_small|dtype=INT8:qdq-w127}.
     */
    String encoded() {
        String key = String.join("|", architectureId, engine, engineVersion, Integer.toString(threads),
                Integer.toString(batch), Integer.toString(resolution), Double.toString(precision), deviceId);
        if (!reference.isEmpty()) {
            key += "|reference=" + reference;
        }
        return dtype == Dtype.FLOAT32 ? key : key + "|dtype=" + dtype + ":" + quantization;
    }
}
