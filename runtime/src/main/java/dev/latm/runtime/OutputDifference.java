package dev.latm.runtime;

import dev.latm.model.CompiledArchitecture;

/**
 * How far apart two outputs of the same network are, relative to the output scale: the one
 * definition {@code latm crosscheck}, CrosscheckTest and the Java engine's reference tests use.
 *
 * <p>The scale is the largest |value| of either output, so the result does not depend on which
 * output is called first, and a network whose logits are all small is not judged by absolute
 * differences meant for large ones. A NaN or an infinity in either output never agrees.
 *
 * @param outputs how many values each output has
 * @param maxAbs  the largest absolute difference of two values at the same position
 * @param scale   the largest |value| of either output
 */
public record OutputDifference(int outputs, double maxAbs, double scale) {
    /**
     * Largest {@link #relative()} difference that counts as computing the same function: float32
     * engines that sum in different orders differ by rounding (seen: 1.6e-6 on mobilenet_v3_large),
     * far below this; a wrong weight layout, padding or activation is far above it.
     */
    public static final double TOLERANCE = 1e-3;

    /**
     * @throws IllegalArgumentException when the outputs differ in size
     */
    public static OutputDifference between(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("outputs differ in size: " + a.length + " vs " + b.length);
        }
        double maxAbs = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - b[i]);
            // Math.max keeps a NaN, so one non-finite value makes the whole difference NaN
            maxAbs = Math.max(maxAbs, Float.isFinite(a[i]) && Float.isFinite(b[i]) ? diff : Double.NaN);
            scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
        }
        return new OutputDifference(a.length, maxAbs, scale);
    }

    /**
     * Builds {@code compiled} on both engines with the same options (so the same seeded weights and
     * input), runs each once and compares their outputs.
     */
    public static OutputDifference of(Engine a, Engine b, CompiledArchitecture compiled, EngineOptions options) {
        return between(output(a, compiled, options), output(b, compiled, options));
    }

    private static float[] output(Engine engine, CompiledArchitecture compiled, EngineOptions options) {
        try (Candidate candidate = engine.build(compiled, options)) {
            return candidate.runAndCopyOutput();
        }
    }

    /** {@link #maxAbs} over {@link #scale}; 0 when both outputs are all zeros; NaN when one is not finite. */
    public double relative() {
        return scale == 0 ? maxAbs : maxAbs / scale;
    }

    /** Whether the outputs agree within {@link #TOLERANCE}. */
    public boolean agrees() {
        return relative() <= TOLERANCE;
    }
}
