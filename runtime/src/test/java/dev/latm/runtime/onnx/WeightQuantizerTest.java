package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeightQuantizerTest {

    @Test
    void eachChannelAlongAxisZeroGetsItsOwnSymmetricScale() {
        // [2 channels, 3 values]: channel 0 spans +-1.27, channel 1 +-0.0127
        float[] weights = {1.27f, -0.64f, 0.01f, 0.0127f, -0.0127f, 0.0064f};
        WeightQuantizer.PerChannel q = WeightQuantizer.symmetric(weights, new long[] {2, 3}, 0, 127);
        assertArrayEquals(new float[] {0.01f, 0.0001f}, q.scales(), 1e-9f);
        assertArrayEquals(new byte[] {127, -64, 1, 127, -127, 64}, q.values());
    }

    @Test
    void alongAxisOneTheChannelsAreColumns() {
        // [2 rows, 2 columns]: column 0 holds 2 and -1.5, column 1 holds 0.5 and 0.3
        float[] weights = {2f, 0.5f, -1.5f, 0.3f};
        WeightQuantizer.PerChannel q = WeightQuantizer.symmetric(weights, new long[] {2, 2}, 1, 127);
        assertArrayEquals(new float[] {2f / 127, 0.5f / 127}, q.scales(), 1e-9f);
        assertArrayEquals(new byte[] {127, 127, -95, 76}, q.values());
    }

    @Test
    void everyWeightReadsBackWithinHalfAStep() {
        float[] weights = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) Math.sin(i * 0.7) * (1 + i / 27);
        }
        for (int qmax : new int[] {127, 63}) {
            WeightQuantizer.PerChannel q = WeightQuantizer.symmetric(weights, new long[] {4, 3, 3, 3}, 0, qmax);
            for (int i = 0; i < weights.length; i++) {
                float scale = q.scales()[i / 27];
                assertTrue(Math.abs(q.values()[i]) <= qmax, "|q| <= " + qmax);
                assertEquals(weights[i], scale * q.values()[i], scale / 2 + 1e-7, "weight " + i);
            }
        }
    }

    @Test
    void anAllZeroChannelKeepsAValidScale() {
        WeightQuantizer.PerChannel q = WeightQuantizer.symmetric(new float[] {0f, 0f, 1f, -1f},
                new long[] {2, 2}, 0, 127);
        assertEquals(1f, q.scales()[0]);
        assertArrayEquals(new byte[] {0, 0, 127, -127}, q.values());
    }

    @Test
    void aBadAxisOrRangeIsRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> WeightQuantizer.symmetric(new float[4], new long[] {2, 2}, 2, 127)).getMessage().contains("axis"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> WeightQuantizer.symmetric(new float[4], new long[] {2, 2}, 0, 128)).getMessage().contains("qmax"));
    }
}
