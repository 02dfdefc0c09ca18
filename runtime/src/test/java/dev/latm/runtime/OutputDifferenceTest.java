package dev.latm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputDifferenceTest {

    @Test
    void theDifferenceIsRelativeToTheLargestValueOfEitherOutput() {
        OutputDifference d = OutputDifference.between(new float[] {1, -4, 2}, new float[] {1, -3.996f, 8});
        assertEquals(6, d.maxAbs(), 1e-6);
        assertEquals(8, d.scale(), 0);
        assertEquals(0.75, d.relative(), 1e-6);
        assertFalse(d.agrees());
        assertEquals(d, OutputDifference.between(new float[] {1, -3.996f, 8}, new float[] {1, -4, 2}),
                "the order of the outputs does not matter");
    }

    @Test
    void roundingAgreesAndTheToleranceIsTheBoundary() {
        assertTrue(OutputDifference.between(new float[] {1000, 1}, new float[] {1000.9f, 1}).agrees());
        assertFalse(OutputDifference.between(new float[] {1000, 1}, new float[] {1001.1f, 1}).agrees());
        assertTrue(OutputDifference.between(new float[] {0, 0}, new float[] {0, 0}).agrees(), "all zeros");
    }

    @Test
    void aValueThatIsNotFiniteNeverAgrees() {
        assertFalse(OutputDifference.between(new float[] {1, Float.NaN}, new float[] {1, Float.NaN}).agrees());
        assertFalse(OutputDifference.between(new float[] {1, Float.POSITIVE_INFINITY},
                new float[] {1, Float.POSITIVE_INFINITY}).agrees());
        assertFalse(OutputDifference.between(new float[] {Float.NaN, 1}, new float[] {0, 1}).agrees());
    }

    @Test
    void outputsOfDifferentSizesAreAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputDifference.between(new float[2], new float[3]));
        assertEquals("outputs differ in size: 2 vs 3", e.getMessage());
    }
}
