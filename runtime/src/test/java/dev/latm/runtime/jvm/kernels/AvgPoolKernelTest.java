package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AvgPoolKernelTest {

    /** 3 x 3 of 1..9 pooled 2 x 2 in ceil mode: border windows average only what is inside. */
    private static final float[] IN = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final float[] GOLDEN = {3, 4.5f, 7.5f, 9};

    @Test
    void referenceMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN, AvgPoolReference.pool(IN, 1, 1, 3, 3, 2));
    }

    @Test
    void kernelMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN, run(IN, 1, 1, 3, 3, 2, 1));
    }

    @Test
    void matchesReferenceOnRandomShapes() {
        SplittableRandom random = new SplittableRandom(17);
        int[][] shapes = {{1, 1, 1, 1}, {1, 16, 8, 8}, {2, 17, 7, 5}, {1, 24, 1, 6}, {3, 40, 9, 2}};
        int parts = 1;
        for (int kernel : new int[] {1, 2, 3}) {
            for (int[] shape : shapes) {
                float[] input = Tensors.random(random, shape[0] * shape[1] * shape[2] * shape[3]);
                parts = parts % 3 + 1;
                Tensors.assertClose(AvgPoolReference.pool(input, shape[0], shape[1], shape[2], shape[3], kernel),
                        run(input, shape[0], shape[1], shape[2], shape[3], kernel, parts), 1e-6,
                        "k" + kernel + " " + Arrays.toString(shape));
            }
        }
    }

    private static float[] run(float[] nchw, int batch, int channels, int height, int width, int kernel, int parts) {
        AvgPoolKernel k = AvgPoolKernel.prepare(channels, kernel, batch, height, width);
        float[] input = Tensors.toNhwc(nchw, batch, channels, height, width);
        int outHeight = (height + kernel - 1) / kernel;
        int outWidth = (width + kernel - 1) / kernel;
        float[] output = new float[batch * outHeight * outWidth * Lanes.padded(channels)];
        Arrays.fill(output, Float.NaN);
        Tensors.inParts(k.workItems(), parts, (first, end) -> k.run(input, output, first, end));
        return Tensors.toNchw(output, batch, channels, outHeight, outWidth);
    }
}
