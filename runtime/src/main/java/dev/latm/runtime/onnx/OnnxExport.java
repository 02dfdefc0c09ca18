package dev.latm.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.runtime.Dtype;
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

    /** The float32 model ONNX Runtime would build for this architecture and weight seed. */
    public static ModelProto model(CompiledArchitecture architecture, long seed) {
        return model(architecture, seed, Dtype.FLOAT32);
    }

    /**
     * The model ONNX Runtime would build for this architecture, weight seed and numeric format. An
     * INT8 model is calibrated here, on ONNX Runtime, exactly as the engine calibrates it; its
     * int8 weight range follows this host's CPU (see {@link CpuFeatures}), so it is the model this
     * host would measure.
     *
     * @throws dev.latm.runtime.EngineException when INT8 calibration cannot run ONNX Runtime
     */
    public static ModelProto model(CompiledArchitecture architecture, long seed, Dtype dtype) {
        SeededWeights weights = new SeededWeights(seed);
        ModelProto model;
        String form;
        if (dtype == Dtype.INT8) {
            CpuFeatures cpu = CpuFeatures.probe();
            model = Int8Lowering.lower(OrtEnvironment.getEnvironment(), architecture.network(), weights, cpu);
            form = "int8 QDQ (per-channel symmetric weights in +-" + cpu.weightQMax() + ", uint8 activations "
                    + "calibrated on " + Int8Lowering.CALIBRATION_RUNS + " seeded inputs)";
        } else {
            model = OnnxLowering.lower(architecture.network(), weights);
            form = "float32";
        }
        String name = architecture.spec().name();
        return model.toBuilder().setDocString("latm architecture " + architecture.id()
                + (name.isEmpty() ? "" : " (" + name + ")") + ", " + form + ", untrained weights from seed " + seed
                + ", BatchNorm folded; input '" + OnnxLowering.INPUT + "' " + architecture.network().inputShape()
                + ", output '" + OnnxLowering.OUTPUT + "' [batch, classes]").build();
    }

    /**
     * Writes the float32 model to {@code file}, replacing it if it exists.
     *
     * @throws IOException when the file cannot be written, e.g. its directory does not exist
     */
    public static void write(CompiledArchitecture architecture, long seed, Path file) throws IOException {
        write(architecture, seed, Dtype.FLOAT32, file);
    }

    /**
     * Writes the model of {@code dtype} to {@code file}, replacing it if it exists.
     *
     * @throws IOException when the file cannot be written, e.g. its directory does not exist
     */
    public static void write(CompiledArchitecture architecture, long seed, Dtype dtype, Path file)
            throws IOException {
        ModelProto model = model(architecture, seed, dtype);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }
}
