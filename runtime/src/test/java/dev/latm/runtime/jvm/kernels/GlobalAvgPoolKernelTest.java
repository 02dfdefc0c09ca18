package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlobalAvgPoolKernelTest {

    /** Channel 0 holds 1..4 (mean 2.5), channel 1 holds -1, 1, 5, 7 (mean 3). */
    private static final float[] IN = {1, 2, 3, 4, -1, 1, 5, 7};
    private static final float[] GOLDEN = {2.5f, 3};

    @Test
    void referenceMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN, GlobalAvgPoolReference.pool(IN, 1, 2, 2, 2));
    }

    @Test
    void kernelMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN, run(IN, 1, 2, 2, 2, 1));
    }

    @Test
    void matchesReferenceOnRandomShapes() {
        SplittableRandom random = new SplittableRandom(16);
        int[][] shapes = {{1, 1, 1, 1}, {1, 16, 7, 7}, {2, 17, 3, 5}, {1, 960, 7, 7}, {3, 40, 1, 9}};
        int parts = 1;
        for (int[] shape : shapes) {
            float[] input = Tensors.random(random, shape[0] * shape[1] * shape[2] * shape[3]);
            parts = parts % 3 + 1;
            Tensors.assertClose(GlobalAvgPoolReference.pool(input, shape[0], shape[1], shape[2], shape[3]),
                    run(input, shape[0], shape[1], shape[2], shape[3], parts), 1e-5, Arrays.toString(shape));
        }
    }

    private static float[] run(float[] nchw, int batch, int channels, int height, int width, int parts) {
        GlobalAvgPoolKernel k = GlobalAvgPoolKernel.prepare(channels, height * width, batch);
        float[] input = Tensors.toNhwc(nchw, batch, channels, height, width);
        float[] output = new float[batch * Lanes.padded(channels)];
        Arrays.fill(output, Float.NaN);
        Tensors.inParts(k.workItems(), parts, (first, end) -> k.run(input, output, first, end));
        return Tensors.toNchw(output, batch, channels, 1, 1);
    }
}
