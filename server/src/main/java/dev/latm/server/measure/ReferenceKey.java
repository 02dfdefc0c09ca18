package dev.latm.server.measure;

import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import java.util.Objects;

/**
 * A reference network as a measurement uses it: which preset, built by which engine (and version), how
 * (threads, numeric format). The key of its warm candidate ({@link ReferenceCache}) and of the device's
 * baseline for it ({@link References}). The reference is always built with the default seed, whatever
 * the candidate's, so that one baseline serves every seed.
 *
 * @param reference     a preset name (never {@code none})
 * @param options       how the reference is built: the measurement's threads and dtype, the default seed
 */
public record ReferenceKey(String reference, String engine, String engineVersion, EngineOptions options) {

    public ReferenceKey {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(options, "options");
    }

    /** The reference {@code reference} for a measurement on {@code engine} with {@code measurement}'s options. */
    static ReferenceKey of(String reference, Engine engine, EngineOptions measurement) {
        EngineOptions options = EngineOptions.DEFAULT.withThreads(measurement.threads())
                .withDtype(measurement.dtype());
        return new ReferenceKey(reference, engine.name(), engine.version(), options);
    }

    public int threads() {
        return options.threads();
    }

    /** The numeric format's name, as baselines report it ({@code FLOAT32}). */
    public String dtype() {
        return options.dtype().name();
    }

    /** The key of this configuration's baseline on device {@code deviceId} in the store; stable, keep the order. */
    String encoded(String deviceId) {
        return String.join("|", reference, engine, engineVersion, Integer.toString(threads()), dtype(), deviceId);
    }
}
