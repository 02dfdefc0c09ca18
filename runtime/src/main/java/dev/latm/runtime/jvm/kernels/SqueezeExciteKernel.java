package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.SeGate;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Squeeze-and-excitation on NHWC: global average pool, reduce FC + bias + ReLU, expand FC + bias,
 * gate ({@link SeGate#apply}, exactly the reference), and a per-channel multiply of the input.
 *
 * <p>Four phases, each split into work items for threads: {@link #pool}, {@link #reduce} and
 * {@link #expand} compute each image's channel scales, {@link #excite} multiplies the tensor by
 * them (split by pixel rows). Both FC weights are
 * stored as [squeeze][padded channels] so that the reduce FC is a dot product over channel vectors
 * and the expand FC accumulates channel vectors. Each is a matrix-vector product whose every
 * output is one chain of dependent FMAs, so four outputs run at once to hide the FMA latency.
 */
public final class SqueezeExciteKernel {
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;
    private static final FloatVector ZERO = FloatVector.zero(SPECIES);

    private final int channels;
    /** Channels rounded up to whole vectors: the NHWC distance in floats from one pixel to the next. */
    private final int paddedChannels;
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
        this.paddedChannels = Lanes.padded(channels);
        this.squeezeChannels = squeezeChannels;
        this.batch = batch;
        this.height = height;
        this.width = width;
        this.gate = gate;
        this.reduceWeights = new float[squeezeChannels * paddedChannels];
        this.reduceBias = new float[squeezeChannels];
        this.expandWeights = new float[squeezeChannels * paddedChannels];
        this.expandBias = new float[paddedChannels];
        this.pooled = new float[batch * paddedChannels];
        this.squeezed = new float[batch * squeezeChannels];
        this.scales = new float[batch * paddedChannels];
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
            System.arraycopy(reduceWeights, squeeze * channels, k.reduceWeights, squeeze * k.paddedChannels, channels);
            for (int channel = 0; channel < channels; channel++) {
                k.expandWeights[squeeze * k.paddedChannels + channel] = expandWeights[channel * squeezeChannels + squeeze];
            }
        }
        System.arraycopy(reduceBias, 0, k.reduceBias, 0, squeezeChannels);
        System.arraycopy(expandBias, 0, k.expandBias, 0, channels);
        return k;
    }

    /** Channel vectors (or squeeze channels) per work item: four independent chains at once. */
    private static final int GROUP = 4;

    private int channelGroups() {
        return (paddedChannels / L + GROUP - 1) / GROUP;
    }

    private int squeezeGroups() {
        return (squeezeChannels + GROUP - 1) / GROUP;
    }

    /** Work items of {@link #pool}: groups of four channel vectors of each image. */
    public int poolItems() {
        return batch * channelGroups();
    }

    /** Work items of {@link #reduce}: groups of four squeeze channels of each image. */
    public int reduceItems() {
        return batch * squeezeGroups();
    }

    /** Work items of {@link #expand}: groups of four channel vectors of each image. */
    public int expandItems() {
        return poolItems();
    }

    /** Work items of {@link #excite}: pixel rows of the whole batch. */
    public int exciteItems() {
        return batch * height;
    }

    /** Phase 1: the global average pool of channel groups [first, end). */
    public void pool(float[] in, int first, int end) {
        int pixels = height * width;
        int groups = channelGroups();
        for (int item = first; item < end; item++) {
            int image = item / groups;
            int channel = (item - image * groups) * GROUP * L;
            int pool = image * paddedChannels;
            if (channel + GROUP * L <= paddedChannels) {
                GlobalAvgPoolKernel.mean4(in, pool * pixels + channel, pixels, paddedChannels, pooled, pool + channel);
            } else {
                for (; channel < paddedChannels; channel += L) {
                    GlobalAvgPoolKernel.mean(in, pool * pixels + channel, pixels, paddedChannels, pooled, pool + channel);
                }
            }
        }
    }

    /** Phase 2: the reduce FC + ReLU of squeeze groups [first, end). */
    public void reduce(int first, int end) {
        int groups = squeezeGroups();
        for (int item = first; item < end; item++) {
            int image = item / groups;
            int squeeze = (item - image * groups) * GROUP;
            if (squeeze + GROUP <= squeezeChannels) {
                reduce4(image * paddedChannels, image * squeezeChannels, squeeze);
            } else {
                for (; squeeze < squeezeChannels; squeeze++) {
                    reduce1(image * paddedChannels, image * squeezeChannels, squeeze);
                }
            }
        }
    }

    /** Phase 3: the expand FC and the gate of channel groups [first, end). */
    public void expand(int first, int end) {
        int groups = channelGroups();
        for (int item = first; item < end; item++) {
            int image = item / groups;
            int groupStart = (item - image * groups) * GROUP * L;
            int pool = image * paddedChannels;
            if (groupStart + GROUP * L <= paddedChannels) {
                expand4(pool, image * squeezeChannels, groupStart);
            } else {
                for (int channel = groupStart; channel < paddedChannels; channel += L) {
                    expand1(pool, image * squeezeChannels, channel);
                }
            }
            for (int channel = groupStart; channel < Math.min(channels, groupStart + GROUP * L); channel++) {
                scales[pool + channel] = gate.apply(scales[pool + channel]);
            }
        }
    }

    /** Four squeeze channels: ReLU(bias + dot(reduce row, pooled)), four independent FMA chains. */
    private void reduce4(int pool, int squeezeBase, int squeeze) {
        FloatVector dot0 = FloatVector.zero(SPECIES);
        FloatVector dot1 = dot0;
        FloatVector dot2 = dot0;
        FloatVector dot3 = dot0;
        int row = squeeze * paddedChannels;
        for (int channel = 0; channel < paddedChannels; channel += L, row += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, pooled, pool + channel);
            dot0 = FloatVector.fromArray(SPECIES, reduceWeights, row).fma(x, dot0);
            dot1 = FloatVector.fromArray(SPECIES, reduceWeights, row + paddedChannels).fma(x, dot1);
            dot2 = FloatVector.fromArray(SPECIES, reduceWeights, row + 2 * paddedChannels).fma(x, dot2);
            dot3 = FloatVector.fromArray(SPECIES, reduceWeights, row + 3 * paddedChannels).fma(x, dot3);
        }
        squeezed[squeezeBase + squeeze] = relu(reduceBias[squeeze] + ZERO.add(dot0).reduceLanes(VectorOperators.ADD));
        squeezed[squeezeBase + squeeze + 1] =
                relu(reduceBias[squeeze + 1] + ZERO.add(dot1).reduceLanes(VectorOperators.ADD));
        squeezed[squeezeBase + squeeze + 2] =
                relu(reduceBias[squeeze + 2] + ZERO.add(dot2).reduceLanes(VectorOperators.ADD));
        squeezed[squeezeBase + squeeze + 3] =
                relu(reduceBias[squeeze + 3] + ZERO.add(dot3).reduceLanes(VectorOperators.ADD));
    }

    private void reduce1(int pool, int squeezeBase, int squeeze) {
        FloatVector dot = FloatVector.zero(SPECIES);
        for (int channel = 0; channel < paddedChannels; channel += L) {
            dot = FloatVector.fromArray(SPECIES, reduceWeights, squeeze * paddedChannels + channel)
                    .fma(FloatVector.fromArray(SPECIES, pooled, pool + channel), dot);
        }
        squeezed[squeezeBase + squeeze] = relu(reduceBias[squeeze] + ZERO.add(dot).reduceLanes(VectorOperators.ADD));
    }

    /** Logits of four channel vectors: bias + sum_squeeze squeezed * expand row, four FMA chains. */
    private void expand4(int pool, int squeezeBase, int channel) {
        FloatVector logits0 = FloatVector.fromArray(SPECIES, expandBias, channel);
        FloatVector logits1 = FloatVector.fromArray(SPECIES, expandBias, channel + L);
        FloatVector logits2 = FloatVector.fromArray(SPECIES, expandBias, channel + 2 * L);
        FloatVector logits3 = FloatVector.fromArray(SPECIES, expandBias, channel + 3 * L);
        for (int squeeze = 0, row = channel; squeeze < squeezeChannels; squeeze++, row += paddedChannels) {
            FloatVector s = FloatVector.broadcast(SPECIES, squeezed[squeezeBase + squeeze]);
            logits0 = FloatVector.fromArray(SPECIES, expandWeights, row).fma(s, logits0);
            logits1 = FloatVector.fromArray(SPECIES, expandWeights, row + L).fma(s, logits1);
            logits2 = FloatVector.fromArray(SPECIES, expandWeights, row + 2 * L).fma(s, logits2);
            logits3 = FloatVector.fromArray(SPECIES, expandWeights, row + 3 * L).fma(s, logits3);
        }
        ZERO.add(logits0).intoArray(scales, pool + channel);
        ZERO.add(logits1).intoArray(scales, pool + channel + L);
        ZERO.add(logits2).intoArray(scales, pool + channel + 2 * L);
        ZERO.add(logits3).intoArray(scales, pool + channel + 3 * L);
    }

    private void expand1(int pool, int squeezeBase, int channel) {
        FloatVector logits = FloatVector.fromArray(SPECIES, expandBias, channel);
        for (int squeeze = 0; squeeze < squeezeChannels; squeeze++) {
            logits = FloatVector.fromArray(SPECIES, expandWeights, squeeze * paddedChannels + channel)
                    .fma(FloatVector.broadcast(SPECIES, squeezed[squeezeBase + squeeze]), logits);
        }
        ZERO.add(logits).intoArray(scales, pool + channel);
    }

    private static float relu(float x) {
        return Math.max(0f, x);
    }

    /** Phase 4: multiplies pixel rows [first, end) of {@code in} by their image's scales into {@code out}. */
    public void excite(float[] in, float[] out, int first, int end) {
        int rowFloats = width * paddedChannels;
        for (int row = first; row < end; row++) {
            int scale = row / height * paddedChannels;
            int at = row * rowFloats;
            for (int outX = 0; outX < width; outX++, at += paddedChannels) {
                for (int channel = 0; channel < paddedChannels; channel += L) {
                    FloatVector.fromArray(SPECIES, in, at + channel)
                            .mul(FloatVector.fromArray(SPECIES, scales, scale + channel))
                            .intoArray(out, at + channel);
                }
            }
        }
    }
}
