package dev.latm.runtime.onnx;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.ModelProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an architecture as a standalone {@code .onnx} file, the very model the ONNX Runtime engine
 * measures, so a search can hand a candidate to other tools (Netron, onnx.checker, other runtimes).
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /** The model ONNX Runtime would build for this architecture and weight seed. */
    public static ModelProto model(CompiledArchitecture architecture, long seed) {
        ModelProto model = OnnxLowering.lower(architecture.network(), new SeededWeights(seed));
        String name = architecture.spec().name();
        return model.toBuilder().setDocString("latm architecture " + architecture.id()
                + (name.isEmpty() ? "" : " (" + name + ")") + ", untrained weights from seed " + seed
                + ", BatchNorm folded; input '" + OnnxLowering.INPUT + "' " + architecture.network().inputShape()
                + ", output '" + OnnxLowering.OUTPUT + "' [batch, classes]").build();
    }

    /**
     * Writes the model to {@code file}, replacing it if it exists.
     *
     * @throws IOException when the file cannot be written, e.g. its directory does not exist
     */
    public static void write(CompiledArchitecture architecture, long seed, Path file) throws IOException {
        ModelProto model = model(architecture, seed);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }
}
