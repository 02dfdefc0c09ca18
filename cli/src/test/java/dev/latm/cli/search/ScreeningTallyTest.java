package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The predicted-vs-measured pairs a screened search collects. */
class ScreeningTallyTest {

    /**
     * A round with fewer predictable proposals than K keeps (and measures) some the predictor refused:
     * they have no prediction (NaN) to compare, so they are counted, not paired.
     */
    @Test
    void aMeasuredCandidateWithoutAPredictionIsCountedNotPaired() {
        ScreeningTally tally = new ScreeningTally();

        tally.compared(Double.NaN, 3.0);
        tally.compared(2.0, 2.2);
        tally.compared(Double.NaN, 4.0);

        assertArrayEquals(new double[] {2.0}, tally.predictedMs());
        assertArrayEquals(new double[] {2.2}, tally.measuredMs());
        assertEquals(2, tally.unpredicted());
    }
}
