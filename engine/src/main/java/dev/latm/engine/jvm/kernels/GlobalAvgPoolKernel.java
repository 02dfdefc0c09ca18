package dev.latm.engine.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Mean over height and width: NHWC [batch, pixels, channels] to [batch, channels]. A work item is
 * one channel vector of one image, so threads can split even a batch of one.
 */
public final class GlobalAvgPoolKernel {
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;

    private final int stride;
    private final int pixels;
    private final int vectors;
    private final int batch;

    private GlobalAvgPoolKernel(int channels, int pixels, int batch) {
        this.stride = Lanes.padded(channels);
        this.pixels = pixels;
        this.vectors = stride / L;
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
            mean(in, image * pixels * stride + channel, pixels, stride).intoArray(out, image * stride + channel);
        }
    }

    /** The mean of {@code pixels} vectors {@code stride} floats apart, starting at {@code offset}. */
    static FloatVector mean(float[] in, int offset, int pixels, int stride) {
        // four partial sums hide the add latency; summed in a fixed order, so results are reproducible
        FloatVector sum0 = FloatVector.zero(SPECIES);
        FloatVector sum1 = sum0;
        FloatVector sum2 = sum0;
        FloatVector sum3 = sum0;
        int pixel = 0;
        int at = offset;
        for (; pixel + 4 <= pixels; pixel += 4, at += 4 * stride) {
            sum0 = sum0.add(FloatVector.fromArray(SPECIES, in, at));
            sum1 = sum1.add(FloatVector.fromArray(SPECIES, in, at + stride));
            sum2 = sum2.add(FloatVector.fromArray(SPECIES, in, at + 2 * stride));
            sum3 = sum3.add(FloatVector.fromArray(SPECIES, in, at + 3 * stride));
        }
        for (; pixel < pixels; pixel++, at += stride) {
            sum0 = sum0.add(FloatVector.fromArray(SPECIES, in, at));
        }
        return sum0.add(sum1).add(sum2.add(sum3)).mul(1f / pixels);
    }
}
