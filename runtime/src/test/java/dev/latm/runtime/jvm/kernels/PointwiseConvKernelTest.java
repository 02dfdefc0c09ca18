package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latm.model.spec.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PointwiseConvKernelTest {

    /** 2 pixels, 2 -> 3 channels: out = relu(W x + b), worked by hand. */
    private static final float[] IN = {1, 3, 2, -1}; // NCHW: channel 0 = (1, 3), channel 1 = (2, -1)
    private static final float[] WEIGHTS = {1, 0, 0, 1, 1, 1}; // [out][in]
    private static final float[] BIAS = {0.5f, 0, -1};
    private static final float[] GOLDEN_RELU = {1.5f, 3.5f, 2, 0, 2, 1}; // NCHW [3][2]

    @Test
    void referenceMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN_RELU, ConvReference.conv(IN, 1, 2, 1, 2, WEIGHTS, BIAS, 3, 1, 1, 1,
                Activation.RELU));
    }

    @Test
    void kernelMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN_RELU, run(IN, 1, 2, 1, 2, WEIGHTS, BIAS, 3, Activation.RELU, 1));
    }

    @Test
    void matchesReferenceOnRandomShapes() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] shapes = { // batch, inChannels, outChannels, height, width
            {1, 1, 1, 1, 1}, {1, 3, 8, 1, 5}, {1, 16, 16, 2, 3}, {1, 17, 33, 7, 7}, {2, 24, 72, 5, 9},
            {1, 40, 120, 4, 4}, {1, 80, 200, 3, 5}, {3, 5, 48, 1, 1}, {1, 160, 960, 7, 7}, {2, 13, 100, 6, 1},
            {1, 320, 1280, 3, 3}}; // the last two run block-major
        int parts = 1;
        for (int[] shape : shapes) {
            for (Activation activation : Activation.values()) {
                int batch = shape[0];
                int in = shape[1];
                int out = shape[2];
                int height = shape[3];
                int width = shape[4];
                float[] input = Tensors.random(random, batch * in * height * width);
                float[] weights = Tensors.random(random, in * out);
                float[] bias = Tensors.random(random, out);
                float[] expected = ConvReference.conv(input, batch, in, height, width, weights, bias, out, 1, 1, 1,
                        activation);
                parts = parts % 4 + 1;
                Tensors.assertClose(expected, run(input, batch, in, height, width, weights, bias, out, activation,
                        parts), 1e-5, activation + " " + java.util.Arrays.toString(shape));
            }
        }
    }

    @Test
    void workItemsWriteDisjointRowsEvenWhereTheLastTileOverlaps() {
        SplittableRandom random = new SplittableRandom(21);
        // 7 x 40 weights run tile-major; 160 x 960 (600 KiB) run block-major
        for (int[] channels : new int[][] {{7, 40}, {160, 960}}) {
            int in = channels[0];
            int out = channels[1];
            assertEquals(in == 160, (long) in * out * Float.BYTES > PointwiseConvKernel.BLOCK_MAJOR_BYTES);
            for (int pixels : new int[] {1, 5, 6, 13, 49}) {
                PointwiseConvKernel kernel = PointwiseConvKernel.prepare(Tensors.random(random, in * out),
                        new float[out], in, out, pixels, Activation.SWISH);
                float[] input = Tensors.toNhwc(Tensors.random(random, in * pixels), 1, in, 1, pixels);
                Tensors.assertItemsWriteDisjointFloats(kernel.workItems(), kernel.outputSize(),
                        (first, end, output) -> kernel.run(input, output, first, end));
            }
        }
    }

    @Test
    void rejectsWeightsOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class,
                () -> PointwiseConvKernel.prepare(new float[5], new float[3], 2, 3, 4, Activation.NONE));
    }

    private static float[] run(float[] nchw, int batch, int in, int height, int width, float[] weights, float[] bias,
                               int out, Activation activation, int parts) {
        PointwiseConvKernel kernel = PointwiseConvKernel.prepare(weights, bias, in, out, batch * height * width,
                activation);
        float[] input = Tensors.toNhwc(nchw, batch, in, height, width);
        float[] output = new float[kernel.outputSize()];
        java.util.Arrays.fill(output, Float.NaN); // every float, padding included, must be written
        Tensors.inParts(kernel.workItems(), parts, (first, end) -> kernel.run(input, output, first, end));
        return Tensors.toNchw(output, batch, out, height, width);
    }
}
