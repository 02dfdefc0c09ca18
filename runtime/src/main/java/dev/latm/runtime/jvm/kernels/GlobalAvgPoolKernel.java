package dev.latm.runtime.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Mean over height and width: NHWC [batch, pixels, channels] to [batch, channels]. A work item is
 * one channel vector of one image, so threads can split even a batch of one.
 */
public final class GlobalAvgPoolKernel {
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;

    /** Channels rounded up to whole vectors: the NHWC distance in floats from one pixel to the next. */
    private final int paddedChannels;
    private final int pixels;
    private final int vectors;
    private final int batch;

    private GlobalAvgPoolKernel(int channels, int pixels, int batch) {
        this.paddedChannels = Lanes.padded(channels);
        this.pixels = pixels;
        this.vectors = paddedChannels / L;
        this.batch = batch;
    }

    /** @param pixels height * width of one image */
    public static GlobalAvgPoolKernel prepare(int channels, int pixels, int batch) {
        if (pixels < 1 || batch < 1) {
            throw new IllegalArgumentException("global pool needs >= 1 pixel and image (got " + pixels + ", "
                    + batch + ")");
        }
        return new GlobalAvgPoolKernel(channels, pixels, batch);
    }

    public int workItems() {
        return batch * vectors;
    }

    /** Pools items [first, end), each one channel vector of one image. */
    public void run(float[] in, float[] out, int first, int end) {
        for (int item = first; item < end; item++) {
            int image = item / vectors;
            int channel = (item - image * vectors) * L;
            mean(in, image * pixels * paddedChannels + channel, pixels, paddedChannels, out, image * paddedChannels + channel);
        }
    }

    /**
     * {@link #mean} of four adjacent channel vectors at once: four independent add chains instead
     * of one, for the squeeze-and-excitation pooling of wide layers.
     */
    static void mean4(float[] in, int offset, int pixels, int pixelStep, float[] out, int at) {
        FloatVector sum0 = FloatVector.zero(SPECIES);
        FloatVector sum1 = sum0;
        FloatVector sum2 = sum0;
        FloatVector sum3 = sum0;
        for (int pixel = 0, from = offset; pixel < pixels; pixel++, from += pixelStep) {
            sum0 = FloatVector.fromArray(SPECIES, in, from).add(sum0);
            sum1 = FloatVector.fromArray(SPECIES, in, from + L).add(sum1);
            sum2 = FloatVector.fromArray(SPECIES, in, from + 2 * L).add(sum2);
            sum3 = FloatVector.fromArray(SPECIES, in, from + 3 * L).add(sum3);
        }
        FloatVector scale = FloatVector.broadcast(SPECIES, 1f / pixels);
        scale.mul(sum0).intoArray(out, at);
        scale.mul(sum1).intoArray(out, at + L);
        scale.mul(sum2).intoArray(out, at + 2 * L);
        scale.mul(sum3).intoArray(out, at + 3 * L);
    }

    /**
     * Stores at {@code out[at]} the mean of {@code pixels} vectors {@code pixelStep} floats apart,
     * starting at {@code offset}. Stores rather than returns: a vector returned from a method C2
     * does not inline is boxed.
     */
    static void mean(float[] in, int offset, int pixels, int pixelStep, float[] out, int at) {
        // a single accumulator in a single loop: C2 keeps it in a register (split sums over two
        // loops get boxed), and pooling is a rounding error next to the convolutions
        FloatVector sum = FloatVector.zero(SPECIES);
        for (int pixel = 0, from = offset; pixel < pixels; pixel++, from += pixelStep) {
            sum = FloatVector.fromArray(SPECIES, in, from).add(sum);
        }
        FloatVector.broadcast(SPECIES, 1f / pixels).mul(sum).intoArray(out, at);
    }
}
