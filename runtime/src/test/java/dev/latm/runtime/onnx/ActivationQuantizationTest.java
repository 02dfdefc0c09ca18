package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationQuantizationTest {

    @Test
    void coversTheRangeWithZeroExactlyRepresentable() {
        ActivationQuantization q = ActivationQuantization.covering(new ValueRange(-1f, 3f));
        assertEquals(4f / 255, q.scale(), 1e-9);
        assertEquals(64, q.zeroPoint()); // round(1 / (4 / 255)) = round(63.75)
        assertEquals(-1f, q.scale() * (0 - q.zeroPoint()), q.scale(), "q = 0 reads back the minimum");
        assertEquals(3f, q.scale() * (255 - q.zeroPoint()), q.scale(), "q = 255 reads back the maximum");
    }

    @Test
    void aReluOutputGetsZeroPointZeroSoSaturationIsTheRelu() {
        assertEquals(0, ActivationQuantization.covering(new ValueRange(0f, 5f)).zeroPoint());
        assertEquals(0, ActivationQuantization.covering(new ValueRange(0.5f, 5f)).zeroPoint(),
                "a range above 0 is widened down to 0");
        assertEquals(255, ActivationQuantization.covering(new ValueRange(-2f, -1f)).zeroPoint(),
                "a range below 0 is widened up to 0");
    }

    @Test
    void anAllZeroTensorStillGetsAValidScale() {
        ActivationQuantization q = ActivationQuantization.covering(new ValueRange(0f, 0f));
        assertEquals(1f, q.scale());
        assertEquals(0, q.zeroPoint());
    }

    @Test
    void dividedByReadsTheSameBytesAsASmallerValue() {
        ActivationQuantization relu6 = ActivationQuantization.covering(0f, 6f);
        ActivationQuantization gate = relu6.dividedBy(6f);
        assertEquals(1f / 255, gate.scale(), 1e-9);
        assertEquals(relu6.zeroPoint(), gate.zeroPoint());
    }

    @Test
    void invalidParametersAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ActivationQuantization(0f, 0))
                .getMessage().contains("scale"));
        assertThrows(IllegalArgumentException.class, () -> new ActivationQuantization(Float.NaN, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ActivationQuantization(1f, 256))
                .getMessage().contains("zero point"));
        assertThrows(IllegalArgumentException.class, () -> new ValueRange(1f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new ValueRange(0f, Float.POSITIVE_INFINITY));
    }

    @Test
    void rangesOfTensorsUnite() {
        ValueRange range = ValueRange.of(new float[] {0.5f, -2f, 1f}).union(ValueRange.of(new float[] {3f}));
        assertEquals(new ValueRange(-2f, 3f), range);
        assertThrows(IllegalArgumentException.class, () -> ValueRange.of(new float[0]));
    }
}
