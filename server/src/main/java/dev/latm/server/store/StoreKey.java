package dev.latm.server.store;

/**
 * Everything that changes a measured latency: the network (its canonical id already covers the
 * input resolution and batch), the runtime, how it was run, and the reference it was anchored to.
 * Two requests with equal keys on one device measure the same thing, so the second is served from
 * the store.
 *
 * @param reference the reference network's preset name, or "" for a measurement alone
 */
public record StoreKey(String architectureId, String engine, String engineVersion, int threads, int batch,
                       int resolution, double precision, String deviceId, String reference) {

    /**
     * One text column the table is keyed on; stable across releases, so keep the order. A measurement
     * without a reference has the key of the releases before anchoring, so their results (which were
     * all taken alone) still serve {@code reference: none}; an anchored one adds its reference.
     */
    String encoded() {
        String unanchored = String.join("|", architectureId, engine, engineVersion, Integer.toString(threads),
                Integer.toString(batch), Integer.toString(resolution), Double.toString(precision), deviceId);
        return reference.isEmpty() ? unanchored : unanchored + "|reference=" + reference;
    }
}
