package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Layout conversions and comparisons for kernel tests: NCHW (the references) vs padded NHWC. */
final class Tensors {
    private Tensors() {
    }

    /** NCHW to the engine's NHWC layout, channels padded to whole vectors with zeros. */
    static float[] toNhwc(float[] nchw, int batch, int channels, int height, int width) {
        int paddedChannels = Lanes.padded(channels);
        float[] nhwc = new float[batch * height * width * paddedChannels];
        for (int image = 0; image < batch; image++) {
            for (int channel = 0; channel < channels; channel++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        nhwc[((image * height + y) * width + x) * paddedChannels + channel] =
                                nchw[((image * channels + channel) * height + y) * width + x];
                    }
                }
            }
        }
        return nhwc;
    }

    /** The engine's layout back to NCHW; fails if a padding lane is not zero. */
    static float[] toNchw(float[] nhwc, int batch, int channels, int height, int width) {
        int paddedChannels = Lanes.padded(channels);
        assertEquals(batch * height * width * paddedChannels, nhwc.length, "NHWC buffer size");
        float[] nchw = new float[batch * channels * height * width];
        for (int pixel = 0; pixel < batch * height * width; pixel++) {
            for (int channel = 0; channel < paddedChannels; channel++) {
                float value = nhwc[pixel * paddedChannels + channel];
                if (channel >= channels) {
                    if (value != 0f) {
                        fail("padding lane " + channel + " of pixel " + pixel + " is " + value + ", not 0");
                    }
                    continue;
                }
                int image = pixel / (height * width);
                int inImage = pixel % (height * width);
                nchw[(image * channels + channel) * height * width + inImage] = value;
            }
        }
        return nchw;
    }

    /** A range of work items. */
    @FunctionalInterface
    interface Work {
        void run(int first, int end);
    }

    /** Runs [0, items) as {@code parts} contiguous ranges, last first, as threads might interleave. */
    static void inParts(int items, int parts, Work work) {
        for (int part = parts - 1; part >= 0; part--) {
            int first = (int) ((long) items * part / parts);
            int end = (int) ((long) items * (part + 1) / parts);
            if (first < end) {
                work.run(first, end);
            }
        }
    }

    /** Runs work items [first, end) into {@code out}. */
    @FunctionalInterface
    interface ItemsInto {
        void run(int first, int end, float[] out);
    }

    /**
     * Asserts that work items write disjoint floats that together cover the output: the property
     * that lets threads run any items at the same time without racing.
     */
    static void assertItemsWriteDisjointFloats(int items, int outputSize, ItemsInto kernel) {
        int[] writer = new int[outputSize];
        java.util.Arrays.fill(writer, -1);
        float[] out = new float[outputSize];
        for (int item = 0; item < items; item++) {
            java.util.Arrays.fill(out, Float.NaN);
            kernel.run(item, item + 1, out);
            for (int i = 0; i < outputSize; i++) {
                if (!Float.isNaN(out[i])) {
                    if (writer[i] >= 0) {
                        fail("items " + writer[i] + " and " + item + " both write float " + i);
                    }
                    writer[i] = item;
                }
            }
        }
        for (int i = 0; i < outputSize; i++) {
            if (writer[i] < 0) {
                fail("no item writes float " + i);
            }
        }
    }

    /** Uniform values in [-1, 1). */
    static float[] random(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    /** Asserts element-wise closeness, with the tolerance relative to the largest expected magnitude. */
    static void assertClose(float[] expected, float[] actual, double relativeTolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1e-6;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= worst) || Double.isNaN(actual[i])) {
                worst = Double.isNaN(actual[i]) ? Double.POSITIVE_INFINITY : diff;
                worstAt = i;
            }
        }
        if (worst > relativeTolerance * scale) {
            fail(what + ": max abs diff " + worst + " at " + worstAt + " (expected " + expected[worstAt] + ", got "
                    + actual[worstAt] + ") exceeds " + relativeTolerance + " x output scale " + scale);
        }
    }
}
