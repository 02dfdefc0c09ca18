package dev.latm.model.spec;

import java.util.List;

/**
 * A validated, normalised architecture: every default filled in and the width multiplier already
 * applied to the channel counts. Built by {@link ArchitectureSpecs#fromProto}; the only form the
 * network IR is lowered from.
 */
public record ArchitectureSpec(String name, int resolution, int inputChannels, int batch, StemSpec stem,
                               List<StageSpec> stages, HeadSpec head, int numClasses) {

    public ArchitectureSpec {
        stages = List.copyOf(stages);
    }

    /** The same network at another input size or batch, as a measurement request may ask. */
    public ArchitectureSpec withInput(int newResolution, int newBatch) {
        return new ArchitectureSpec(name, newResolution, inputChannels, newBatch, stem, stages, head, numClasses);
    }
}
