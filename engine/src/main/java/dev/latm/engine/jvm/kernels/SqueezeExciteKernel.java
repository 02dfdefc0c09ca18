package dev.latm.engine.jvm.kernels;

import dev.latm.engine.spec.SeGate;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Squeeze-and-excitation on NHWC: global average pool, reduce FC + bias + ReLU, expand FC + bias,
 * gate ({@link SeGate#apply}, exactly the reference), and a per-channel multiply of the input.
 *
 * <p>Two phases: {@link #squeeze} computes each image's channel scales (a few thousand MACs, one
 * work item per image), {@link #excite} multiplies the tensor by them (split by pixel rows). Both
 * FC weights are stored as [squeeze][padded channels] so that the reduce FC is a dot product over
 * channel vectors and the expand FC accumulates channel vectors.
 */
public final class SqueezeExciteKernel {
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;
    private static final FloatVector ZERO = FloatVector.zero(SPECIES);

    private final int channels;
    private final int stride;
    private final int squeezeChannels;
    private final int batch;
    private final int height;
    private final int width;
    private final SeGate gate;
    private final float[] reduceWeights;
    private final float[] reduceBias;
    private final float[] expandWeights;
    private final float[] expandBias;
    private final float[] pooled;
    private final float[] squeezed;
    private final float[] scales;

    private SqueezeExciteKernel(int channels, int squeezeChannels, int batch, int height, int width, SeGate gate) {
        this.channels = channels;
        this.stride = Lanes.padded(channels);
        this.squeezeChannels = squeezeChannels;
        this.batch = batch;
        this.height = height;
        this.width = width;
        this.gate = gate;
        this.reduceWeights = new float[squeezeChannels * stride];
        this.reduceBias = new float[squeezeChannels];
        this.expandWeights = new float[squeezeChannels * stride];
        this.expandBias = new float[stride];
        this.pooled = new float[batch * stride];
        this.squeezed = new float[batch * squeezeChannels];
        this.scales = new float[batch * stride];
    }

    /**
     * @param reduceWeights [squeezeChannels, channels]
     * @param expandWeights [channels, squeezeChannels]
     */
    public static SqueezeExciteKernel prepare(float[] reduceWeights, float[] reduceBias, float[] expandWeights,
                                              float[] expandBias, int channels, int squeezeChannels, int batch,
                                              int height, int width, SeGate gate) {
        if (reduceWeights.length != squeezeChannels * channels || expandWeights.length != channels * squeezeChannels
                || reduceBias.length != squeezeChannels || expandBias.length != channels) {
            throw new IllegalArgumentException("SE needs " + squeezeChannels + "x" + channels + " reduce and "
                    + channels + "x" + squeezeChannels + " expand weights with matching biases");
        }
        SqueezeExciteKernel k = new SqueezeExciteKernel(channels, squeezeChannels, batch, height, width, gate);
        for (int squeeze = 0; squeeze < squeezeChannels; squeeze++) {
            System.arraycopy(reduceWeights, squeeze * channels, k.reduceWeights, squeeze * k.stride, channels);
            for (int channel = 0; channel < channels; channel++) {
                k.expandWeights[squeeze * k.stride + channel] = expandWeights[channel * squeezeChannels + squeeze];
            }
        }
        System.arraycopy(reduceBias, 0, k.reduceBias, 0, squeezeChannels);
        System.arraycopy(expandBias, 0, k.expandBias, 0, channels);
        return k;
    }

    /** Work items of {@link #squeeze}: images. */
    public int squeezeItems() {
        return batch;
    }

    /** Work items of {@link #excite}: pixel rows of the whole batch. */
    public int exciteItems() {
        return batch * height;
    }

    /** Computes the channel scales of images [first, end). */
    public void squeeze(float[] in, int first, int end) {
        int pixels = height * width;
        for (int image = first; image < end; image++) {
            int pool = image * stride;
            for (int channel = 0; channel < stride; channel += L) {
                GlobalAvgPoolKernel.mean(in, pool * pixels + channel, pixels, stride, pooled, pool + channel);
            }
            int squeezeBase = image * squeezeChannels;
            for (int squeeze = 0; squeeze < squeezeChannels; squeeze++) {
                FloatVector dot = FloatVector.zero(SPECIES);
                for (int channel = 0; channel < stride; channel += L) {
                    dot = FloatVector.fromArray(SPECIES, reduceWeights, squeeze * stride + channel)
                            .fma(FloatVector.fromArray(SPECIES, pooled, pool + channel), dot);
                }
                squeezed[squeezeBase + squeeze] = Math.max(0f, reduceBias[squeeze]
                        + ZERO.add(dot).reduceLanes(VectorOperators.ADD));
            }
            for (int channel = 0; channel < stride; channel += L) {
                FloatVector logits = FloatVector.fromArray(SPECIES, expandBias, channel);
                for (int squeeze = 0; squeeze < squeezeChannels; squeeze++) {
                    logits = FloatVector.fromArray(SPECIES, expandWeights, squeeze * stride + channel)
                            .fma(FloatVector.broadcast(SPECIES, squeezed[squeezeBase + squeeze]), logits);
                }
                ZERO.add(logits).intoArray(scales, pool + channel);
            }
            for (int channel = 0; channel < channels; channel++) {
                scales[pool + channel] = gate.apply(scales[pool + channel]);
            }
        }
    }

    /** Multiplies pixel rows [first, end) of {@code in} by their image's scales into {@code out}. */
    public void excite(float[] in, float[] out, int first, int end) {
        int rowFloats = width * stride;
        for (int row = first; row < end; row++) {
            int scale = row / height * stride;
            int at = row * rowFloats;
            for (int outX = 0; outX < width; outX++, at += stride) {
                for (int channel = 0; channel < stride; channel += L) {
                    FloatVector.fromArray(SPECIES, in, at + channel)
                            .mul(FloatVector.fromArray(SPECIES, scales, scale + channel))
                            .intoArray(out, at + channel);
                }
            }
        }
    }
}
