package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latm.model.spec.SeGate;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SqueezeExciteKernelTest {

    /**
     * Two channels of two pixels, (1, 3) and (2, 2): both pool to 2; squeeze = relu(0.5 * 2 + 0.25 * 2)
     * = 1.5; logits = (2 * 1.5, -2 * 1.5) = (3, -3); hard sigmoid gates them by 1 and 0.
     */
    private static final float[] IN = {1, 3, 2, 2};
    private static final float[] REDUCE = {0.5f, 0.25f};
    private static final float[] EXPAND = {2, -2};
    private static final float[] GOLDEN_HARD_SIGMOID = {1, 3, 0, 0};

    @Test
    void referenceMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN_HARD_SIGMOID, SqueezeExciteReference.apply(IN, 1, 2, 1, 2, REDUCE, new float[1],
                EXPAND, new float[2], 1, SeGate.HARD_SIGMOID));
        float high = (float) (1 / (1 + Math.exp(-3)));
        float low = (float) (1 / (1 + Math.exp(3)));
        assertArrayEquals(new float[] {high, 3 * high, 2 * low, 2 * low}, SqueezeExciteReference.apply(IN, 1, 2, 1, 2,
                REDUCE, new float[1], EXPAND, new float[2], 1, SeGate.SIGMOID), 1e-6f);
    }

    @Test
    void kernelMatchesHandComputedGolden() {
        assertArrayEquals(GOLDEN_HARD_SIGMOID, run(IN, 1, 2, 1, 2, REDUCE, new float[1], EXPAND, new float[2], 1,
                SeGate.HARD_SIGMOID, 1));
    }

    @Test
    void matchesReferenceOnRandomShapes() {
        SplittableRandom random = new SplittableRandom(15);
        int[][] shapes = { // batch, channels, squeeze, height, width
            {1, 1, 1, 1, 1}, {1, 8, 2, 3, 3}, {2, 17, 4, 5, 2}, {1, 40, 10, 7, 7}, {3, 72, 24, 2, 5},
            {1, 960, 240, 7, 7}};
        int parts = 1;
        for (int[] shape : shapes) {
            for (SeGate gate : SeGate.values()) {
                int channels = shape[1];
                int squeeze = shape[2];
                float[] input = Tensors.random(random, shape[0] * channels * shape[3] * shape[4]);
                float[] reduce = Tensors.random(random, squeeze * channels);
                float[] reduceBias = Tensors.random(random, squeeze);
                float[] expand = Tensors.random(random, channels * squeeze);
                float[] expandBias = Tensors.random(random, channels);
                float[] expected = SqueezeExciteReference.apply(input, shape[0], channels, shape[3], shape[4], reduce,
                        reduceBias, expand, expandBias, squeeze, gate);
                parts = parts % 3 + 1;
                Tensors.assertClose(expected, run(input, shape[0], channels, shape[3], shape[4], reduce, reduceBias,
                        expand, expandBias, squeeze, gate, parts), 1e-5, gate + " " + Arrays.toString(shape));
            }
        }
    }

    @Test
    void rejectsWeightsOfTheWrongSize() {
        assertThrows(IllegalArgumentException.class, () -> SqueezeExciteKernel.prepare(new float[3], new float[1],
                new float[2], new float[2], 2, 1, 1, 1, 1, SeGate.SIGMOID));
    }

    private static float[] run(float[] nchw, int batch, int channels, int height, int width, float[] reduce,
                               float[] reduceBias, float[] expand, float[] expandBias, int squeeze, SeGate gate,
                               int parts) {
        SqueezeExciteKernel k = SqueezeExciteKernel.prepare(reduce, reduceBias, expand, expandBias, channels, squeeze,
                batch, height, width, gate);
        float[] input = Tensors.toNhwc(nchw, batch, channels, height, width);
        float[] output = new float[input.length];
        Arrays.fill(output, Float.NaN);
        Tensors.inParts(k.poolItems(), parts, (first, end) -> k.pool(input, first, end));
        Tensors.inParts(k.reduceItems(), parts, k::reduce);
        Tensors.inParts(k.expandItems(), parts, k::expand);
        Tensors.inParts(k.exciteItems(), parts, (first, end) -> k.excite(input, output, first, end));
        return Tensors.toNchw(output, batch, channels, height, width);
    }
}
