package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise k x k convolution (any odd k, stride 1 or 2, "same" padding (k - 1) / 2) + bias +
 * activation on NHWC tensors, vectorised across channels: one vector holds {@link Lanes#COUNT}
 * channels of one pixel, so stride and kernel size only change which pixels are read.
 *
 * <p>Each output row is split into border pixels, whose out-of-image taps are skipped, and an
 * interior where every tap is in bounds, computed {@value #TILE} horizontally adjacent pixels at a
 * time, each weight vector loaded once for the four. Fast paths, best of five runs on this
 * machine against the generic interior:
 * <ul>
 *   <li>3 x 3 and 5 x 5 at stride 1: the four pixels share input columns, so a filter row loads
 *       k + 3 input vectors instead of 4k (10-20% faster);</li>
 *   <li>any other kernel or stride: a flat loop over a table of tap offsets (see {@link Lanes} on
 *       nested loops), two channel vectors per pass for eight independent FMA chains, enough to
 *       cover the FMA latency on two pipes (unrolling it by filter row measured slower);</li>
 *   <li>border pixels: four, two or one channel vectors per pass, for independent chains.</li>
 * </ul>
 * Pixels are the outer loop and channels the inner one, so a tile's input window (k rows x a few
 * pixels x all channels) stays in L1 (10-35% faster than channels outer). Weights are repacked to
 * [filterY][filterX][channel] so that one tap's weights are a contiguous vector. The activation
 * runs over each finished output row.
 *
 * <p>What limits it: every input load is a whole 64-byte vector at an offset that is a multiple of
 * 64 bytes from the array's first element, which the JVM places 16 bytes into the object, so most
 * loads straddle two cache lines (measured ~1.7x slower than aligned loads). Heap arrays move under
 * GC; aligned off-heap buffers would be the fix.
 */
public final class DepthwiseConvKernel {
    static final int TILE = 4;
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;
    private static final FloatVector ZERO = FloatVector.zero(SPECIES);

    /** Channels rounded up to whole vectors: the NHWC distance in floats from one pixel to the next. */
    private final int paddedChannels;
    private final int kernel;
    private final int convStride;
    private final int padding;
    private final int batch;
    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    /** Output columns whose taps are all inside the image: [interiorStart, interiorEnd). */
    private final int interiorStart;
    private final int interiorEnd;
    private final VectorActivation activation;
    private final float[] packed;
    private final float[] bias;
    /** Input offset of each tap (filterY * kernel + filterX) from the window's top-left pixel. */
    private final int[] tapOffset;

    private DepthwiseConvKernel(int channels, int kernel, int convStride, int batch, int inHeight, int inWidth,
                                Activation activation) {
        this.paddedChannels = Lanes.padded(channels);
        this.kernel = kernel;
        this.convStride = convStride;
        this.padding = (kernel - 1) / 2;
        this.batch = batch;
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.outHeight = (inHeight + 2 * padding - kernel) / convStride + 1;
        this.outWidth = (inWidth + 2 * padding - kernel) / convStride + 1;
        int start = (padding + convStride - 1) / convStride;
        int end = inWidth - kernel + padding < 0 ? 0 : (inWidth - kernel + padding) / convStride + 1;
        this.interiorStart = Math.min(start, outWidth);
        this.interiorEnd = Math.max(interiorStart, Math.min(end, outWidth));
        this.activation = VectorActivation.of(activation);
        this.packed = new float[kernel * kernel * paddedChannels];
        this.bias = new float[paddedChannels];
        this.tapOffset = new int[kernel * kernel];
        for (int tap = 0; tap < tapOffset.length; tap++) {
            tapOffset[tap] = (tap / kernel * inWidth + tap % kernel) * paddedChannels;
        }
    }

    /**
     * @param weights [channels, 1, kernel, kernel], ONNX's depthwise layout
     * @param bias    [channels]
     */
    public static DepthwiseConvKernel prepare(float[] weights, float[] bias, int channels, int kernel, int convStride,
                                              int batch, int height, int width, Activation activation) {
        if (kernel < 1 || kernel % 2 == 0 || (convStride != 1 && convStride != 2)) {
            throw new IllegalArgumentException("depthwise conv needs an odd kernel and stride 1 or 2 (got kernel "
                    + kernel + ", stride " + convStride + ")");
        }
        if (weights.length != channels * kernel * kernel || bias.length != channels) {
            throw new IllegalArgumentException("depthwise conv needs " + channels + "x" + kernel + "x" + kernel
                    + " weights and " + channels + " biases (got " + weights.length + ", " + bias.length + ")");
        }
        DepthwiseConvKernel k = new DepthwiseConvKernel(channels, kernel, convStride, batch, height, width, activation);
        for (int channel = 0; channel < channels; channel++) {
            for (int tap = 0; tap < kernel * kernel; tap++) {
                k.packed[tap * k.paddedChannels + channel] = weights[channel * kernel * kernel + tap];
            }
        }
        System.arraycopy(bias, 0, k.bias, 0, channels);
        return k;
    }

    /** Output rows of the whole batch; threads split them. */
    public int workItems() {
        return batch * outHeight;
    }

    public int inputSize() {
        return batch * inHeight * inWidth * paddedChannels;
    }

    public int outputSize() {
        return batch * outHeight * outWidth * paddedChannels;
    }

    /** Computes output rows [first, end) (counted over the whole batch). */
    public void run(float[] in, float[] out, int first, int end) {
        for (int row = first; row < end; row++) {
            int image = row / outHeight;
            int outY = row - image * outHeight;
            int inY = outY * convStride - padding;
            int firstTapY = Math.max(0, -inY);
            int endTapY = Math.min(kernel, inHeight - inY);
            int imageBase = image * inHeight * inWidth * paddedChannels;
            int outRow = row * outWidth * paddedChannels;
            // pixels outer, channels inner: a tile's input window (k rows x a few pixels x all
            // channels) stays in L1 while every channel vector of the tile is computed
            int outX = 0;
            for (; outX < interiorStart; outX++) {
                borderPixel(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX);
            }
            for (; outX + TILE <= interiorEnd; outX += TILE) {
                int channel = 0;
                if (kernel == 3 && convStride == 1) {
                    for (; channel < paddedChannels; channel += L) {
                        interior4k3s1(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX, channel);
                    }
                } else if (kernel == 5 && convStride == 1) {
                    for (; channel < paddedChannels; channel += L) {
                        interior4k5s1(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX, channel);
                    }
                }
                for (; channel + 2 * L <= paddedChannels; channel += 2 * L) {
                    interior4x2(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX, channel);
                }
                if (channel < paddedChannels) {
                    interior4(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX, channel);
                }
            }
            for (; outX < outWidth; outX++) {
                borderPixel(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX);
            }
            activation.applyInPlace(out, outRow, outWidth * paddedChannels);
        }
    }

    private void borderPixel(float[] in, float[] out, int imageBase, int outRow, int inY, int firstTapY,
                             int endTapY, int outX) {
        int channel = 0;
        for (; channel + 4 * L <= paddedChannels; channel += 4 * L) {
            border4(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX, channel);
        }
        for (; channel + 2 * L <= paddedChannels; channel += 2 * L) {
            border2(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX, channel);
        }
        if (channel < paddedChannels) {
            border(in, out, imageBase, outRow, inY, firstTapY, endTapY, outX, channel);
        }
    }

    /** One output vector, skipping taps outside the image. */
    private void border(float[] in, float[] out, int imageBase, int outRow, int inY, int firstTapY, int endTapY,
                        int outX, int channel) {
        int inX = outX * convStride - padding;
        int firstTapX = Math.max(0, -inX);
        int endTapX = Math.min(kernel, inWidth - inX);
        int base = imageBase + (inY * inWidth + inX) * paddedChannels + channel;
        FloatVector acc = FloatVector.fromArray(SPECIES, bias, channel);
        // one flat loop over the valid taps (see interior4 for why not two nested ones)
        int filterX = firstTapX;
        int tap = firstTapY * kernel + firstTapX;
        for (int remaining = (endTapY - firstTapY) * (endTapX - firstTapX); remaining > 0; remaining--) {
            FloatVector w = FloatVector.fromArray(SPECIES, packed, tap * paddedChannels + channel);
            acc = FloatVector.fromArray(SPECIES, in, base + tapOffset[tap]).fma(w, acc);
            if (++filterX == endTapX) {
                filterX = firstTapX;
                tap += kernel - (endTapX - firstTapX) + 1;
            } else {
                tap++;
            }
        }
        ZERO.add(acc).intoArray(out, outRow + outX * paddedChannels + channel);
    }

    /** Two adjacent channel vectors of one pixel: two independent FMA chains. */
    private void border2(float[] in, float[] out, int imageBase, int outRow, int inY, int firstTapY, int endTapY,
                        int outX, int channel) {
        int inX = outX * convStride - padding;
        int firstTapX = Math.max(0, -inX);
        int endTapX = Math.min(kernel, inWidth - inX);
        int base = imageBase + (inY * inWidth + inX) * paddedChannels + channel;
        FloatVector acc = FloatVector.fromArray(SPECIES, bias, channel);
        FloatVector acc1 = FloatVector.fromArray(SPECIES, bias, channel + L);
        // one flat loop over the valid taps (see interior4 for why not two nested ones)
        int filterX = firstTapX;
        int tap = firstTapY * kernel + firstTapX;
        for (int remaining = (endTapY - firstTapY) * (endTapX - firstTapX); remaining > 0; remaining--) {
            int w = tap * paddedChannels + channel;
            int at = base + tapOffset[tap];
            acc = FloatVector.fromArray(SPECIES, in, at).fma(FloatVector.fromArray(SPECIES, packed, w), acc);
            acc1 = FloatVector.fromArray(SPECIES, in, at + L).fma(FloatVector.fromArray(SPECIES, packed, w + L), acc1);
            if (++filterX == endTapX) {
                filterX = firstTapX;
                tap += kernel - (endTapX - firstTapX) + 1;
            } else {
                tap++;
            }
        }
        int o = outRow + outX * paddedChannels + channel;
        ZERO.add(acc).intoArray(out, o);
        ZERO.add(acc1).intoArray(out, o + L);
    }

    /** Four adjacent channel vectors of one pixel: four independent FMA chains. */
    private void border4(float[] in, float[] out, int imageBase, int outRow, int inY, int firstTapY, int endTapY,
                        int outX, int channel) {
        int inX = outX * convStride - padding;
        int firstTapX = Math.max(0, -inX);
        int endTapX = Math.min(kernel, inWidth - inX);
        int base = imageBase + (inY * inWidth + inX) * paddedChannels + channel;
        FloatVector acc = FloatVector.fromArray(SPECIES, bias, channel);
        FloatVector acc1 = FloatVector.fromArray(SPECIES, bias, channel + L);
        FloatVector acc2 = FloatVector.fromArray(SPECIES, bias, channel + 2 * L);
        FloatVector acc3 = FloatVector.fromArray(SPECIES, bias, channel + 3 * L);
        // one flat loop over the valid taps (see interior4 for why not two nested ones)
        int filterX = firstTapX;
        int tap = firstTapY * kernel + firstTapX;
        for (int remaining = (endTapY - firstTapY) * (endTapX - firstTapX); remaining > 0; remaining--) {
            int w = tap * paddedChannels + channel;
            int at = base + tapOffset[tap];
            acc = FloatVector.fromArray(SPECIES, in, at).fma(FloatVector.fromArray(SPECIES, packed, w), acc);
            acc1 = FloatVector.fromArray(SPECIES, in, at + L).fma(FloatVector.fromArray(SPECIES, packed, w + L), acc1);
            acc2 = FloatVector.fromArray(SPECIES, in, at + 2 * L)
                    .fma(FloatVector.fromArray(SPECIES, packed, w + 2 * L), acc2);
            acc3 = FloatVector.fromArray(SPECIES, in, at + 3 * L)
                    .fma(FloatVector.fromArray(SPECIES, packed, w + 3 * L), acc3);
            if (++filterX == endTapX) {
                filterX = firstTapX;
                tap += kernel - (endTapX - firstTapX) + 1;
            } else {
                tap++;
            }
        }
        int o = outRow + outX * paddedChannels + channel;
        ZERO.add(acc).intoArray(out, o);
        ZERO.add(acc1).intoArray(out, o + L);
        ZERO.add(acc2).intoArray(out, o + 2 * L);
        ZERO.add(acc3).intoArray(out, o + 3 * L);
    }

    /** {@value #TILE} adjacent output vectors whose taps are all inside the image horizontally. */
    private void interior4(float[] in, float[] out, int imageBase, int outRow, int inY, int firstTapY, int endTapY,
                           int outX, int channel) {
        FloatVector acc0 = FloatVector.fromArray(SPECIES, bias, channel);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        int pixelStep = convStride * paddedChannels;
        int base = imageBase + (inY * inWidth + outX * convStride - padding) * paddedChannels + channel;
        // one flat loop over the taps: C2 keeps vectors in registers across a single loop, but boxes
        // them on every iteration of an inner loop nested in another
        for (int tap = firstTapY * kernel; tap < endTapY * kernel; tap++) {
            FloatVector weight = FloatVector.fromArray(SPECIES, packed, tap * paddedChannels + channel);
            int in0 = base + tapOffset[tap];
            acc0 = FloatVector.fromArray(SPECIES, in, in0).fma(weight, acc0);
            acc1 = FloatVector.fromArray(SPECIES, in, in0 + pixelStep).fma(weight, acc1);
            acc2 = FloatVector.fromArray(SPECIES, in, in0 + 2 * pixelStep).fma(weight, acc2);
            acc3 = FloatVector.fromArray(SPECIES, in, in0 + 3 * pixelStep).fma(weight, acc3);
        }
        int o = outRow + outX * paddedChannels + channel;
        ZERO.add(acc0).intoArray(out, o);
        ZERO.add(acc1).intoArray(out, o + paddedChannels);
        ZERO.add(acc2).intoArray(out, o + 2 * paddedChannels);
        ZERO.add(acc3).intoArray(out, o + 3 * paddedChannels);
    }

    /** {@value #TILE} adjacent pixels x two channel vectors: eight independent FMA chains. */
    private void interior4x2(float[] in, float[] out, int imageBase, int outRow, int inY, int firstTapY,
                             int endTapY, int outX, int channel) {
        FloatVector acc0 = FloatVector.fromArray(SPECIES, bias, channel);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        FloatVector acc4 = FloatVector.fromArray(SPECIES, bias, channel + L);
        FloatVector acc5 = acc4;
        FloatVector acc6 = acc4;
        FloatVector acc7 = acc4;
        int pixelStep = convStride * paddedChannels;
        int base = imageBase + (inY * inWidth + outX * convStride - padding) * paddedChannels + channel;
        for (int tap = firstTapY * kernel; tap < endTapY * kernel; tap++) {
            int w = tap * paddedChannels + channel;
            int in0 = base + tapOffset[tap];
            FloatVector weight = FloatVector.fromArray(SPECIES, packed, w);
            acc0 = FloatVector.fromArray(SPECIES, in, in0).fma(weight, acc0);
            acc1 = FloatVector.fromArray(SPECIES, in, in0 + pixelStep).fma(weight, acc1);
            acc2 = FloatVector.fromArray(SPECIES, in, in0 + 2 * pixelStep).fma(weight, acc2);
            acc3 = FloatVector.fromArray(SPECIES, in, in0 + 3 * pixelStep).fma(weight, acc3);
            weight = FloatVector.fromArray(SPECIES, packed, w + L);
            acc4 = FloatVector.fromArray(SPECIES, in, in0 + L).fma(weight, acc4);
            acc5 = FloatVector.fromArray(SPECIES, in, in0 + L + pixelStep).fma(weight, acc5);
            acc6 = FloatVector.fromArray(SPECIES, in, in0 + L + 2 * pixelStep).fma(weight, acc6);
            acc7 = FloatVector.fromArray(SPECIES, in, in0 + L + 3 * pixelStep).fma(weight, acc7);
        }
        int o = outRow + outX * paddedChannels + channel;
        ZERO.add(acc0).intoArray(out, o);
        ZERO.add(acc1).intoArray(out, o + paddedChannels);
        ZERO.add(acc2).intoArray(out, o + 2 * paddedChannels);
        ZERO.add(acc3).intoArray(out, o + 3 * paddedChannels);
        ZERO.add(acc4).intoArray(out, o + L);
        ZERO.add(acc5).intoArray(out, o + L + paddedChannels);
        ZERO.add(acc6).intoArray(out, o + L + 2 * paddedChannels);
        ZERO.add(acc7).intoArray(out, o + L + 3 * paddedChannels);
    }

    /**
     * The 3 x 3, stride 1 fast path: four adjacent pixels share input columns, so each filter row
     * loads 6 input vectors for 12 FMAs instead of 12.
     */
    private void interior4k3s1(float[] in, float[] out, int imageBase, int outRow, int inY, int firstTapY,
                               int endTapY, int outX, int channel) {
        FloatVector acc0 = FloatVector.fromArray(SPECIES, bias, channel);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        int rowStep = inWidth * paddedChannels;
        int at = imageBase + ((inY + firstTapY) * inWidth + outX - padding) * paddedChannels + channel;
        int w = firstTapY * 3 * paddedChannels + channel;
        for (int filterY = firstTapY; filterY < endTapY; filterY++, at += rowStep, w += 3 * paddedChannels) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, packed, w);
            FloatVector w1 = FloatVector.fromArray(SPECIES, packed, w + paddedChannels);
            FloatVector w2 = FloatVector.fromArray(SPECIES, packed, w + 2 * paddedChannels);
            FloatVector x0 = FloatVector.fromArray(SPECIES, in, at);
            FloatVector x1 = FloatVector.fromArray(SPECIES, in, at + paddedChannels);
            FloatVector x2 = FloatVector.fromArray(SPECIES, in, at + 2 * paddedChannels);
            FloatVector x3 = FloatVector.fromArray(SPECIES, in, at + 3 * paddedChannels);
            FloatVector x4 = FloatVector.fromArray(SPECIES, in, at + 4 * paddedChannels);
            FloatVector x5 = FloatVector.fromArray(SPECIES, in, at + 5 * paddedChannels);
            acc0 = x0.fma(w0, acc0);
            acc1 = x1.fma(w0, acc1);
            acc2 = x2.fma(w0, acc2);
            acc3 = x3.fma(w0, acc3);
            acc0 = x1.fma(w1, acc0);
            acc1 = x2.fma(w1, acc1);
            acc2 = x3.fma(w1, acc2);
            acc3 = x4.fma(w1, acc3);
            acc0 = x2.fma(w2, acc0);
            acc1 = x3.fma(w2, acc1);
            acc2 = x4.fma(w2, acc2);
            acc3 = x5.fma(w2, acc3);
        }
        int o = outRow + outX * paddedChannels + channel;
        ZERO.add(acc0).intoArray(out, o);
        ZERO.add(acc1).intoArray(out, o + paddedChannels);
        ZERO.add(acc2).intoArray(out, o + 2 * paddedChannels);
        ZERO.add(acc3).intoArray(out, o + 3 * paddedChannels);
    }

    /** The 5 x 5, stride 1 fast path: each filter row loads 8 input vectors for 20 FMAs instead of 20. */
    private void interior4k5s1(float[] in, float[] out, int imageBase, int outRow, int inY, int firstTapY,
                               int endTapY, int outX, int channel) {
        FloatVector acc0 = FloatVector.fromArray(SPECIES, bias, channel);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        int rowStep = inWidth * paddedChannels;
        int at = imageBase + ((inY + firstTapY) * inWidth + outX - padding) * paddedChannels + channel;
        int w = firstTapY * 5 * paddedChannels + channel;
        for (int filterY = firstTapY; filterY < endTapY; filterY++, at += rowStep, w += 5 * paddedChannels) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, in, at);
            FloatVector x1 = FloatVector.fromArray(SPECIES, in, at + paddedChannels);
            FloatVector x2 = FloatVector.fromArray(SPECIES, in, at + 2 * paddedChannels);
            FloatVector x3 = FloatVector.fromArray(SPECIES, in, at + 3 * paddedChannels);
            FloatVector weight = FloatVector.fromArray(SPECIES, packed, w);
            acc0 = x0.fma(weight, acc0);
            acc1 = x1.fma(weight, acc1);
            acc2 = x2.fma(weight, acc2);
            acc3 = x3.fma(weight, acc3);
            FloatVector x4 = FloatVector.fromArray(SPECIES, in, at + 4 * paddedChannels);
            weight = FloatVector.fromArray(SPECIES, packed, w + paddedChannels);
            acc0 = x1.fma(weight, acc0);
            acc1 = x2.fma(weight, acc1);
            acc2 = x3.fma(weight, acc2);
            acc3 = x4.fma(weight, acc3);
            FloatVector x5 = FloatVector.fromArray(SPECIES, in, at + 5 * paddedChannels);
            weight = FloatVector.fromArray(SPECIES, packed, w + 2 * paddedChannels);
            acc0 = x2.fma(weight, acc0);
            acc1 = x3.fma(weight, acc1);
            acc2 = x4.fma(weight, acc2);
            acc3 = x5.fma(weight, acc3);
            FloatVector x6 = FloatVector.fromArray(SPECIES, in, at + 6 * paddedChannels);
            weight = FloatVector.fromArray(SPECIES, packed, w + 3 * paddedChannels);
            acc0 = x3.fma(weight, acc0);
            acc1 = x4.fma(weight, acc1);
            acc2 = x5.fma(weight, acc2);
            acc3 = x6.fma(weight, acc3);
            FloatVector x7 = FloatVector.fromArray(SPECIES, in, at + 7 * paddedChannels);
            weight = FloatVector.fromArray(SPECIES, packed, w + 4 * paddedChannels);
            acc0 = x4.fma(weight, acc0);
            acc1 = x5.fma(weight, acc1);
            acc2 = x6.fma(weight, acc2);
            acc3 = x7.fma(weight, acc3);
        }
        int o = outRow + outX * paddedChannels + channel;
        ZERO.add(acc0).intoArray(out, o);
        ZERO.add(acc1).intoArray(out, o + paddedChannels);
        ZERO.add(acc2).intoArray(out, o + 2 * paddedChannels);
        ZERO.add(acc3).intoArray(out, o + 3 * paddedChannels);
    }
}
