package dev.latm.cli.search;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.Architecture;

/**
 * Compiles an architecture on the client, to catch malformed ones before anything is sent and to
 * know its id and static cost. The limits are loose on purpose: a well-formed network that is over
 * a device's limits is the device's to refuse (its limits are configurable), so here only malformed
 * fields fail.
 */
public final class LocalCompiler {
    /** Loose enough for anything a device could be configured to accept, tight enough to stay cheap. */
    static final Limits STRUCTURAL = Limits.builder().maxResolution(1 << 15).maxChannels(1 << 20).maxRepeats(1024)
            .maxStages(1024).maxBatch(1 << 16).maxMacs(Long.MAX_VALUE).maxParams(Long.MAX_VALUE)
            .maxActivationBytes(Long.MAX_VALUE).build();

    private LocalCompiler() {
    }

    /**
     * @param resolution the measurement's resolution override, 0 for the architecture's own
     * @param batch      the measurement's batch override, 0 for the architecture's own
     * @return the compiled network; its {@code id()} equals the id a server reports for it
     * @throws InvalidArchitectureException naming every malformed field
     */
    public static CompiledArchitecture compile(Architecture architecture, int resolution, int batch) {
        return CompiledArchitecture.compile(architecture, STRUCTURAL, resolution, batch);
    }
}
