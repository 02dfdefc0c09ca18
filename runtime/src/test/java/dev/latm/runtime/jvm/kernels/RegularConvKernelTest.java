package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.spec.Activation;
import dev.latm.runtime.jvm.kernels.RegularConvKernel.InputLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegularConvKernelTest {

    /** One 3 x 3 input channel of 1..9; output 0 sums the neighbourhood, output 1 is 2x + 1. */
    private static final float[] IN = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final float[] WEIGHTS = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0};
    private static final float[] BIAS = {0, 1};
    private static final float[] GOLDEN_STRIDE_2 = {12, 16, 24, 28, 3, 7, 15, 19};
    /** Two input channels (1..9 and all ones) into one output that sums both neighbourhoods + 0.5. */
    private static final float[] IN_TWO = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    private static final float[] GOLDEN_TWO = {16.5f, 27.5f, 20.5f, 33.5f, 54.5f, 39.5f, 28.5f, 45.5f, 32.5f};

    @Test
    void referenceMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN_STRIDE_2, ConvReference.conv(IN, 1, 1, 3, 3, WEIGHTS, BIAS, 2, 3, 2, 1,
                Activation.NONE));
        float[] ones = new float[18];
        Arrays.fill(ones, 1);
        assertArrayEquals(GOLDEN_TWO, ConvReference.conv(IN_TWO, 1, 2, 3, 3, ones, new float[] {0.5f}, 1, 3, 1, 1,
                Activation.NONE));
    }

    @Test
    void kernelMatchesHandComputedGoldenInBothLayouts() {
        float[] ones = new float[18];
        Arrays.fill(ones, 1);
        for (InputLayout layout : InputLayout.values()) {
            assertArrayEquals(GOLDEN_STRIDE_2, run(layout, IN, 1, 1, 3, 3, WEIGHTS, BIAS, 2, 3, 2, Activation.NONE, 1),
                    layout.toString());
            assertArrayEquals(GOLDEN_TWO, run(layout, IN_TWO, 1, 2, 3, 3, ones, new float[] {0.5f}, 1, 3, 1,
                    Activation.NONE, 2), layout.toString());
        }
    }

    /** Covers both scratch layouts: k * inChannels above and below {@link RegularConvKernel#BAND_MAX_TAPS}. */
    @Test
    void matchesReferenceForEveryKernelStrideLayoutAndActivation() {
        SplittableRandom random = new SplittableRandom(14);
        int[][] shapes = { // batch, inChannels, outChannels, height, width
            {1, 3, 16, 12, 12}, {1, 1, 1, 1, 1}, {2, 5, 24, 7, 9}, {1, 17, 33, 6, 5}, {1, 3, 50, 2, 13},
            {1, 24, 8, 9, 6}};
        int parts = 1;
        int variant = 0;
        for (int kernel : new int[] {1, 3, 5, 7}) {
            for (int stride : new int[] {1, 2}) {
                for (int[] shape : shapes) {
                    InputLayout layout = InputLayout.values()[variant % 2];
                    Activation activation = Activation.values()[variant++ % Activation.values().length];
                    int in = shape[1];
                    int out = shape[2];
                    float[] input = Tensors.random(random, shape[0] * in * shape[3] * shape[4]);
                    float[] weights = Tensors.random(random, out * in * kernel * kernel);
                    float[] bias = Tensors.random(random, out);
                    float[] expected = ConvReference.conv(input, shape[0], in, shape[3], shape[4], weights, bias, out,
                            kernel, stride, 1, activation);
                    parts = parts % 3 + 1;
                    Tensors.assertClose(expected, run(layout, input, shape[0], in, shape[3], shape[4], weights, bias,
                            out, kernel, stride, activation, parts), 1e-5,
                            "k" + kernel + " s" + stride + " " + layout + " " + activation + " " + Arrays.toString(shape));
                }
            }
        }
    }

    @Test
    void workItemsWriteDisjointRowsInBothScratchLayouts() {
        SplittableRandom random = new SplittableRandom(23);
        for (int in : new int[] {3, 40}) { // 3 x 3 over 3 channels uses bands, over 40 rows
            assertTrue(3 * in <= RegularConvKernel.BAND_MAX_TAPS == (in == 3));
            RegularConvKernel kernel = RegularConvKernel.prepare(Tensors.random(random, 20 * in * 9), new float[20],
                    InputLayout.NCHW, in, 20, 3, 1, 2, 7, 13, Activation.SWISH);
            float[] input = Tensors.random(random, 2 * in * 7 * 13);
            kernel.pad(input, 0, kernel.padItems());
            Tensors.assertItemsWriteDisjointFloats(kernel.computeItems(), 2 * 7 * 13 * Lanes.padded(20),
                    (first, end, out) -> kernel.compute(out, first, end));
        }
    }

    @Test
    void rejectsEvenKernels() {
        assertThrows(IllegalArgumentException.class, () -> RegularConvKernel.prepare(new float[4], new float[1],
                InputLayout.NCHW, 1, 1, 2, 1, 1, 4, 4, Activation.NONE));
    }

    private static float[] run(InputLayout layout, float[] nchw, int batch, int in, int height, int width,
                               float[] weights, float[] bias, int out, int kernel, int stride, Activation activation,
                               int parts) {
        RegularConvKernel k = RegularConvKernel.prepare(weights, bias, layout, in, out, kernel, stride, batch, height,
                width, activation);
        float[] input = layout == InputLayout.NCHW ? nchw : Tensors.toNhwc(nchw, batch, in, height, width);
        int outHeight = ConvReference.outSize(height, kernel, stride);
        int outWidth = ConvReference.outSize(width, kernel, stride);
        float[] output = new float[batch * outHeight * outWidth * Lanes.padded(out)];
        Arrays.fill(output, Float.NaN);
        Tensors.inParts(k.padItems(), parts, (first, end) -> k.pad(input, first, end));
        Tensors.inParts(k.computeItems(), parts, (first, end) -> k.compute(output, first, end));
        return Tensors.toNchw(output, batch, out, outHeight, outWidth);
    }
}
