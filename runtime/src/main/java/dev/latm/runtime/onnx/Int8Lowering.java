package dev.latm.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import dev.latm.model.ir.Network;
import dev.latm.model.ir.Shape;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.ModelProto;
import java.util.ArrayList;
import java.util.List;

/**
 * The int8 model of a network: the float lowering, a seeded calibration pass through it on ONNX
 * Runtime, and the QDQ rewrite with the calibrated ranges. Deterministic for a given network, seed
 * and CPU: the calibration inputs come from the seed, and calibration always runs on one thread,
 * so the engine (whatever its thread count) and {@code latm export} produce the same bytes.
 */
final class Int8Lowering {
    /** Calibration runs, each a full input batch: enough for every range to settle on seeded inputs. */
    static final int CALIBRATION_RUNS = 8;

    private Int8Lowering() {
    }

    /**
     * The int8 model for this host: its CPU's weight range, and float fallbacks for the GEMM shapes
     * this process's ONNX Runtime computes wrong ({@link GemmTailDefect}, probed once).
     *
     * @throws dev.latm.runtime.EngineException when ONNX Runtime cannot run the float model
     */
    static ModelProto lower(OrtEnvironment environment, Network network, SeededWeights weights, CpuFeatures cpu) {
        return lower(environment, network, weights, cpu.weightQMax(), GemmTailDefect.probeOnce(environment));
    }

    /** The int8 model for a given weight range and set of defective GEMM shapes. */
    static ModelProto lower(OrtEnvironment environment, Network network, SeededWeights weights, int weightQMax,
                            GemmTailDefect defect) {
        ModelProto floatModel = OnnxLowering.lower(network, weights);
        Shape shape = network.inputShape();
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < CALIBRATION_RUNS; i++) {
            inputs.add(weights.calibrationInput(shape, i));
        }
        return QdqQuantizer.quantize(floatModel, Calibration.run(environment, floatModel, shape, inputs),
                weightQMax, defect);
    }
}
