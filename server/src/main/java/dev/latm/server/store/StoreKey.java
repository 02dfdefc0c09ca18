package dev.latm.server.store;

/**
 * Everything that changes a measured latency: the network (its canonical id already covers the
 * input resolution and batch), the runtime, and how it was run. Two requests with equal keys on
 * one device measure the same thing, so the second is served from the store.
 */
public record StoreKey(String architectureId, String engine, String engineVersion, int threads, int batch,
                       int resolution, double precision, String deviceId) {

    /** One text column the table is keyed on; stable across releases, so keep the order. */
    String encoded() {
        return String.join("|", architectureId, engine, engineVersion, Integer.toString(threads),
                Integer.toString(batch), Integer.toString(resolution), Double.toString(precision), deviceId);
    }
}
