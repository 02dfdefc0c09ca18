package dev.latm.runtime.onnx;

/**
 * Per-tensor asymmetric uint8 quantisation of an activation: {@code real = scale * (q - zeroPoint)},
 * q in [0, 255]. The range always holds 0 exactly (zero padding must stay zero), so the output of a
 * ReLU gets zero point 0 and the QuantizeLinear's saturation at 0 is the ReLU itself.
 *
 * <p>uint8 rather than int8 activations: ONNX Runtime's x86 CPU kernels are u8 x s8 (VNNI's
 * {@code vpdpbusd}, AMX, and MLAS's other u8s8 GEMMs); its QDQ fusion refuses int8 activations on
 * x86 unless a session flag forces them, and its s8 x s8 GEMM on x86 is the portable fallback except
 * on AVX-VNNI-INT8 parts. On ARM both are native, so uint8 costs nothing there.
 *
 * @param scale     step between quantised values, positive and finite
 * @param zeroPoint the quantised value of real 0, in [0, 255]
 */
record ActivationQuantization(float scale, int zeroPoint) {
    static final int QMAX = 255;

    ActivationQuantization {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
        if (zeroPoint < 0 || zeroPoint > QMAX) {
            throw new IllegalArgumentException("uint8 zero point must be in [0, 255], got " + zeroPoint);
        }
    }

    /** Covers {@code range} widened to hold 0, as ONNX Runtime's quantiser does. */
    static ActivationQuantization covering(ValueRange range) {
        return covering(range.min(), range.max());
    }

    static ActivationQuantization covering(float min, float max) {
        double low = Math.min(min, 0);
        double high = Math.max(max, 0);
        float scale = (float) ((high - low) / QMAX);
        if (!(scale > 0) || !Float.isFinite(scale)) {
            // an all-zero tensor (or one too small for a float scale): any scale represents it
            return new ActivationQuantization(1f, 0);
        }
        long zeroPoint = Math.round(-low / scale);
        return new ActivationQuantization(scale, (int) Math.max(0, Math.min(QMAX, zeroPoint)));
    }

    /** The same quantised values read as a {@code factor} times smaller real value. */
    ActivationQuantization dividedBy(float factor) {
        return new ActivationQuantization(scale / factor, zeroPoint);
    }
}
