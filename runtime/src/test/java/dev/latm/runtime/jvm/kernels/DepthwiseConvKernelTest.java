package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latm.model.spec.Activation;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DepthwiseConvKernelTest {

    /** Two 3 x 3 channels holding 1..9; channel 0 sums its 3 x 3 neighbourhood, channel 1 is 2x + 1. */
    private static final float[] IN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final float[] WEIGHTS = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0};
    private static final float[] BIAS = {0, 1};
    private static final float[] GOLDEN_STRIDE_1 = {12, 21, 16, 27, 45, 33, 24, 39, 28, 3, 5, 7, 9, 11, 13, 15, 17, 19};
    private static final float[] GOLDEN_STRIDE_2 = {12, 16, 24, 28, 3, 7, 15, 19};

    @Test
    void referenceMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN_STRIDE_1, ConvReference.conv(IN, 1, 2, 3, 3, WEIGHTS, BIAS, 2, 3, 1, 2,
                Activation.NONE));
        assertArrayEquals(GOLDEN_STRIDE_2, ConvReference.conv(IN, 1, 2, 3, 3, WEIGHTS, BIAS, 2, 3, 2, 2,
                Activation.NONE));
    }

    @Test
    void kernelMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN_STRIDE_1, run(IN, 1, 2, 3, 3, WEIGHTS, BIAS, 3, 1, Activation.NONE, 1));
        assertArrayEquals(GOLDEN_STRIDE_2, run(IN, 1, 2, 3, 3, WEIGHTS, BIAS, 3, 2, Activation.NONE, 2));
    }

    @Test
    void matchesReferenceForEveryKernelStrideAndActivation() {
        SplittableRandom random = new SplittableRandom(12);
        int[][] shapes = { // batch, channels, height, width
            {1, 1, 1, 1}, {1, 5, 2, 3}, {1, 16, 9, 9}, {2, 24, 8, 13}, {1, 33, 14, 5}, {1, 72, 11, 12},
            {1, 8, 3, 17}};
        int parts = 1;
        for (int kernel : new int[] {1, 3, 5, 7}) {
            for (int stride : new int[] {1, 2}) {
                for (int[] shape : shapes) {
                    Activation activation = Activation.values()[(kernel + stride + shape[1]) % Activation.values().length];
                    int batch = shape[0];
                    int channels = shape[1];
                    float[] input = Tensors.random(random, batch * channels * shape[2] * shape[3]);
                    float[] weights = Tensors.random(random, channels * kernel * kernel);
                    float[] bias = Tensors.random(random, channels);
                    float[] expected = ConvReference.conv(input, batch, channels, shape[2], shape[3], weights, bias,
                            channels, kernel, stride, channels, activation);
                    parts = parts % 3 + 1;
                    Tensors.assertClose(expected, run(input, batch, channels, shape[2], shape[3], weights, bias,
                            kernel, stride, activation, parts), 1e-5,
                            "k" + kernel + " s" + stride + " " + activation + " " + Arrays.toString(shape));
                }
            }
        }
    }

    @Test
    void everyActivationMatchesOnOneShape() {
        SplittableRandom random = new SplittableRandom(13);
        for (Activation activation : Activation.values()) {
            float[] input = Tensors.random(random, 24 * 10 * 10);
            float[] weights = Tensors.random(random, 24 * 9);
            float[] bias = Tensors.random(random, 24);
            Tensors.assertClose(ConvReference.conv(input, 1, 24, 10, 10, weights, bias, 24, 3, 1, 24, activation),
                    run(input, 1, 24, 10, 10, weights, bias, 3, 1, activation, 2), 1e-5, activation.toString());
        }
    }

    @Test
    void workItemsWriteDisjointRows() {
        SplittableRandom random = new SplittableRandom(22);
        DepthwiseConvKernel kernel = DepthwiseConvKernel.prepare(Tensors.random(random, 20 * 25), new float[20], 20, 5,
                2, 2, 9, 11, Activation.HARD_SWISH);
        float[] input = Tensors.random(random, kernel.inputSize());
        Tensors.assertItemsWriteDisjointFloats(kernel.workItems(), kernel.outputSize(),
                (first, end, out) -> kernel.run(input, out, first, end));
    }

    @Test
    void rejectsEvenKernelsAndOtherStrides() {
        assertThrows(IllegalArgumentException.class,
                () -> DepthwiseConvKernel.prepare(new float[4], new float[1], 1, 2, 1, 1, 4, 4, Activation.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> DepthwiseConvKernel.prepare(new float[9], new float[1], 1, 3, 3, 1, 4, 4, Activation.NONE));
    }

    private static float[] run(float[] nchw, int batch, int channels, int height, int width, float[] weights,
                               float[] bias, int kernel, int stride, Activation activation, int parts) {
        DepthwiseConvKernel k = DepthwiseConvKernel.prepare(weights, bias, channels, kernel, stride, batch, height,
                width, activation);
        float[] input = Tensors.toNhwc(nchw, batch, channels, height, width);
        float[] output = new float[k.outputSize()];
        Arrays.fill(output, Float.NaN);
        Tensors.inParts(k.workItems(), parts, (first, end) -> k.run(input, output, first, end));
        return Tensors.toNchw(output, batch, channels, ConvReference.outSize(height, kernel, stride),
                ConvReference.outSize(width, kernel, stride));
    }
}
