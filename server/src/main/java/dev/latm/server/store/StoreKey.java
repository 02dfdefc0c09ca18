package dev.latm.server.store;

import dev.latm.runtime.Dtype;
import java.util.Objects;

/**
 * Everything that changes a measured latency: the network (its canonical id already covers the
 * input resolution and batch), the runtime, how it was run, and the numeric format it computed in.
 * Two requests with equal keys on one device measure the same thing, so the second is served from
 * the store.
 *
 * @param dtype        the numeric format
 * @param quantization what besides the engine's version decides the model of {@code dtype} on this host
 *                     ({@link dev.latm.runtime.Engine#quantization}); empty for float32
 */
public record StoreKey(String architectureId, String engine, String engineVersion, int threads, int batch,
                       int resolution, double precision, String deviceId, Dtype dtype, String quantization) {

    public StoreKey {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(quantization, "quantization");
    }

    /**
     * One text column the table is keyed on; stable across releases, so keep the order. A float32
     * measurement has the key of the releases before numeric formats, so their results (all float32)
     * still serve it; any other format adds itself and its quantization, e.g. {@code |dtype=INT8:qdq-w127}.
     */
    String encoded() {
        String float32 = String.join("|", architectureId, engine, engineVersion, Integer.toString(threads),
                Integer.toString(batch), Integer.toString(resolution), Double.toString(precision), deviceId);
        return dtype == Dtype.FLOAT32 ? float32 : float32 + "|dtype=" + dtype + ":" + quantization;
    }
}
