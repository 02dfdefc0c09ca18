package dev.latm.runtime;

import java.util.Locale;

/**
 * The numeric format a candidate computes in: part of what is measured, so part of every result's
 * key. Weights, scales and calibration inputs all come from the measurement's seed, so a dtype
 * changes how the same function is computed, not which function.
 */
public enum Dtype {
    /** IEEE single precision throughout: the reference every other format is checked against. */
    FLOAT32,
    /**
     * Static 8-bit quantization: per-channel symmetric int8 weights, per-tensor 8-bit activations
     * whose scales come from a seeded calibration pass of the float network. How an engine lays it
     * out is its own business (ONNX Runtime: QuantizeLinear/DequantizeLinear around every
     * convolution and linear layer, fused by the runtime into its int8 kernels).
     */
    INT8;

    /** {@code float32}, {@code int8}: how flags, metric labels and tables write a format. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
