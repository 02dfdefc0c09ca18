package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.latm.model.spec.Activation;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearKernelTest {

    /** [1, 2] x [[1, 1], [2, -3], [0, 0.5]]^T + [0, 1, -2], hard swish: (3, -3, -1) -> (3, 0, -1/3). */
    private static final float[] IN = {1, 2};
    private static final float[] WEIGHTS = {1, 1, 2, -3, 0, 0.5f};
    private static final float[] BIAS = {0, 1, -2};
    private static final float[] GOLDEN = {3, 0, -1f / 3};

    @Test
    void referenceMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN, LinearReference.linear(IN, 1, 2, WEIGHTS, BIAS, 3, Activation.HARD_SWISH), 1e-6f);
    }

    @Test
    void kernelMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN, run(IN, 1, 2, WEIGHTS, BIAS, 3, Activation.HARD_SWISH, 1), 1e-6f);
    }

    @Test
    void matchesReferenceOnRandomShapes() {
        SplittableRandom random = new SplittableRandom(19);
        int[][] shapes = {{1, 1, 1}, {1, 960, 1280}, {1, 1280, 1000}, {2, 17, 33}, {3, 64, 10}, {7, 100, 250}};
        int parts = 1;
        for (int[] shape : shapes) {
            for (Activation activation : Activation.values()) {
                float[] input = Tensors.random(random, shape[0] * shape[1]);
                float[] weights = Tensors.random(random, shape[1] * shape[2]);
                float[] bias = Tensors.random(random, shape[2]);
                parts = parts % 3 + 1;
                Tensors.assertClose(LinearReference.linear(input, shape[0], shape[1], weights, bias, shape[2],
                        activation), run(input, shape[0], shape[1], weights, bias, shape[2], activation, parts), 1e-5,
                        activation + " " + Arrays.toString(shape));
            }
        }
    }

    private static float[] run(float[] in, int batch, int inFeatures, float[] weights, float[] bias, int outFeatures,
                               Activation activation, int parts) {
        LinearKernel k = LinearKernel.prepare(weights, bias, inFeatures, outFeatures, batch, activation);
        float[] input = Tensors.toNhwc(in, batch, inFeatures, 1, 1);
        float[] output = new float[batch * Lanes.padded(outFeatures)];
        Arrays.fill(output, Float.NaN);
        Tensors.inParts(k.workItems(), parts, (first, end) -> k.run(input, output, first, end));
        return Tensors.toNchw(output, batch, outFeatures, 1, 1);
    }
}
