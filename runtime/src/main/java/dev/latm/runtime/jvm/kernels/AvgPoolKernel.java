package dev.latm.runtime.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Average pool with kernel = stride, ceil mode, on NHWC: a window cut by the right or bottom border
 * averages only the values inside it (count_include_pad = false), so the output is
 * ceil(size / stride) and matches the strided convolution beside it on a POOLING skip.
 */
public final class AvgPoolKernel {
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;

    /** Channels rounded up to whole vectors: the NHWC distance in floats from one pixel to the next. */
    private final int paddedChannels;
    private final int kernel;
    private final int batch;
    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;

    private AvgPoolKernel(int channels, int kernel, int batch, int inHeight, int inWidth) {
        this.paddedChannels = Lanes.padded(channels);
        this.kernel = kernel;
        this.batch = batch;
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.outHeight = (inHeight + kernel - 1) / kernel;
        this.outWidth = (inWidth + kernel - 1) / kernel;
    }

    public static AvgPoolKernel prepare(int channels, int kernel, int batch, int height, int width) {
        if (kernel < 1) {
            throw new IllegalArgumentException("avg pool kernel must be >= 1 (got " + kernel + ")");
        }
        return new AvgPoolKernel(channels, kernel, batch, height, width);
    }

    /** Output rows of the whole batch. */
    public int workItems() {
        return batch * outHeight;
    }

    /** Pools output rows [first, end). */
    public void run(float[] in, float[] out, int first, int end) {
        for (int row = first; row < end; row++) {
            int image = row / outHeight;
            int outY = row - image * outHeight;
            int firstY = outY * kernel;
            int endY = Math.min(firstY + kernel, inHeight);
            for (int outX = 0; outX < outWidth; outX++) {
                int firstX = outX * kernel;
                int endX = Math.min(firstX + kernel, inWidth);
                float scale = 1f / ((endY - firstY) * (endX - firstX));
                int o = (row * outWidth + outX) * paddedChannels;
                int windowWidth = endX - firstX;
                int window = (endY - firstY) * windowWidth;
                int corner = ((image * inHeight + firstY) * inWidth + firstX) * paddedChannels;
                for (int channel = 0; channel < paddedChannels; channel += L) {
                    // one flat loop over the window: C2 boxes a vector carried through nested loops
                    FloatVector sum = FloatVector.zero(SPECIES);
                    int filterX = 0;
                    int at = corner + channel;
                    for (int tap = 0; tap < window; tap++) {
                        sum = FloatVector.fromArray(SPECIES, in, at).add(sum);
                        if (++filterX == windowWidth) {
                            filterX = 0;
                            at += (inWidth - windowWidth + 1) * paddedChannels;
                        } else {
                            at += paddedChannels;
                        }
                    }
                    FloatVector.broadcast(SPECIES, scale).mul(sum).intoArray(out, o + channel);
                }
            }
        }
    }
}
