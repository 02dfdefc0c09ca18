package dev.latm.runtime.jvm.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.spec.Activation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorActivationTest {

    private static final float[] X = {-4, -3, -1, 0, 1, 3, 7, 0.5f};

    @Test
    void referenceDefinitionsMatchHandComputedValues() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 3, 7, 0.5f}, golden(Activation.RELU));
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 3, 6, 0.5f}, golden(Activation.RELU6));
        assertArrayEquals(new float[] {0, 0, -1f / 3, 0, 2f / 3, 3, 7, 0.5f * 3.5f / 6}, golden(Activation.HARD_SWISH),
                1e-6f);
        assertArrayEquals(X, golden(Activation.NONE));
    }

    @Test
    void matchesActivationApplyUpToRounding() {
        SplittableRandom random = new SplittableRandom(20);
        int floats = Lanes.COUNT * 64;
        float[] values = new float[floats];
        for (int i = 0; i < floats; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * (i % 4 == 0 ? 100 : 8));
        }
        values[0] = 0;
        for (Activation activation : Activation.values()) {
            float[] out = values.clone();
            VectorActivation.of(activation).applyInPlace(out, Lanes.COUNT, floats - Lanes.COUNT);
            for (int i = 0; i < floats; i++) {
                float expected = i < Lanes.COUNT ? values[i] : activation.apply(values[i]);
                assertEquals(expected, out[i], 2e-6f * Math.max(1, Math.abs(expected)), activation + " at " + values[i]);
            }
            assertEquals(0f, out[0], "only the given range is touched");
        }
    }

    @Test
    void onlyNoneIsTheIdentity() {
        assertTrue(VectorActivation.of(Activation.NONE).isIdentity());
        for (Activation activation : Activation.values()) {
            if (activation != Activation.NONE) {
                assertFalse(VectorActivation.of(activation).isIdentity(), activation.toString());
            }
        }
    }

    @Test
    void everyActivationMapsZeroToZeroSoPaddingStaysZero() {
        for (Activation activation : Activation.values()) {
            float[] zeros = new float[Lanes.COUNT];
            VectorActivation.of(activation).applyInPlace(zeros, 0, Lanes.COUNT);
            assertArrayEquals(new float[Lanes.COUNT], zeros, activation.toString());
        }
    }

    private static float[] golden(Activation activation) {
        float[] out = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            out[i] = activation.apply(X[i]);
        }
        return out;
    }
}
