package dev.latm.model.weights;

import dev.latm.model.ir.Conv;
import dev.latm.model.ir.Linear;
import dev.latm.model.ir.Shape;
import dev.latm.model.ir.SqueezeExcite;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic inference-form weights (BatchNorm already folded), generated per layer from a seed
 * and the layer's IR name, so every engine given the same seed computes the same function and a
 * layer's weights do not change when other layers are added.
 *
 * <p>Weights are uniform in +-sqrt(3 / fan_in) (unit variance through each layer, so 60 layers
 * neither explode nor vanish) and never zero: all-zero weights would hide denormal and sparsity
 * effects that real trained networks do not have. Biases are uniform in +-0.1.
 */
public final class SeededWeights {
    private static final float BIAS_RANGE = 0.1f;

    private final long seed;

    public SeededWeights(long seed) {
        this.seed = seed;
    }

    /** Conv weights in [out, in / groups, kernel, kernel] order, ONNX's and PyTorch's layout. */
    public float[] convWeights(Conv conv) {
        int fanIn = conv.inputChannelsPerGroup() * conv.kernel() * conv.kernel();
        return uniform(conv.name() + "/weight", Math.toIntExact(conv.weightCount()), fanIn);
    }

    public float[] convBias(Conv conv) {
        return bias(conv.name() + "/bias", conv.outputShape().channels());
    }

    /** Squeeze weights [squeeze, channels]. */
    public float[] seReduceWeights(SqueezeExcite se) {
        int channels = se.inputShape().channels();
        return uniform(se.name() + "/reduce/weight", channels * se.squeezeChannels(), channels);
    }

    public float[] seReduceBias(SqueezeExcite se) {
        return bias(se.name() + "/reduce/bias", se.squeezeChannels());
    }

    /** Excitation weights [channels, squeeze]. */
    public float[] seExpandWeights(SqueezeExcite se) {
        return uniform(se.name() + "/expand/weight", se.inputShape().channels() * se.squeezeChannels(),
                se.squeezeChannels());
    }

    public float[] seExpandBias(SqueezeExcite se) {
        return bias(se.name() + "/expand/bias", se.inputShape().channels());
    }

    /** Linear weights [out, in], PyTorch's layout (ONNX Gemm with transB = 1). */
    public float[] linearWeights(Linear linear) {
        return uniform(linear.name() + "/weight", linear.inFeatures() * linear.outFeatures(), linear.inFeatures());
    }

    public float[] linearBias(Linear linear) {
        return bias(linear.name() + "/bias", linear.outFeatures());
    }

    /** The input image, uniform in [-1, 1), NCHW. */
    public float[] input(Shape shape) {
        return fill("input", Math.toIntExact(shape.elements()), 1f);
    }

    /**
     * The {@code index}-th of a series of further images drawn like {@link #input} but independent of
     * it and of each other: what int8 calibration passes through the float network, so the scales
     * are not fitted to the image that is then measured or checked.
     */
    public float[] calibrationInput(Shape shape, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("calibration input index must be >= 0 (got " + index + ")");
        }
        return fill("calibration/" + index, Math.toIntExact(shape.elements()), 1f);
    }

    private float[] uniform(String key, int count, int fanIn) {
        return fill(key, count, (float) Math.sqrt(3.0 / fanIn));
    }

    private float[] bias(String key, int count) {
        return fill(key, count, BIAS_RANGE);
    }

    private float[] fill(String key, int count, float range) {
        SplittableRandom random = new SplittableRandom(mix(seed, key));
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            float v;
            do {
                v = (float) ((random.nextDouble() * 2 - 1) * range);
            } while (v == 0f);
            values[i] = v;
        }
        return values;
    }

    /** FNV-1a over the key's UTF-8 bytes, folded with the seed: stable across JVMs and runs. */
    private static long mix(long seed, String key) {
        long hash = 0xcbf29ce484222325L ^ seed;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
