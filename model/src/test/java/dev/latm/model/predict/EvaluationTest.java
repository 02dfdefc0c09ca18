package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void sharesWithinBoundsRmspeAndBias() {
        double[] measured = {10, 10, 10, 10};
        double[] predicted = {10.4, 9.3, 11.5, 10};
        Evaluation e = Evaluation.of(predicted, measured);
        assertEquals(4, e.count());
        assertEquals(0.5, e.within5(), 1e-12, "4% and 0%");
        assertEquals(0.75, e.within10(), 1e-12, "and 7%");
        assertEquals(Math.sqrt((0.04 * 0.04 + 0.07 * 0.07 + 0.15 * 0.15) / 4), e.rmspe(), 1e-12);
        assertEquals((0.04 - 0.07 + 0.15) / 4, e.meanError(), 1e-12);
        assertEquals(0.15, e.maxAbsError(), 1e-12);
    }

    @Test
    void kendallTauIsOneForTheSameOrderAndMinusOneReversed() {
        double[] measured = {1, 2, 3, 4, 5};
        assertEquals(1, Evaluation.of(new double[] {2, 3, 5, 8, 13}, measured).kendallTau(), 1e-12);
        assertEquals(-1, Evaluation.of(new double[] {5, 4, 3, 2, 1}, measured).kendallTau(), 1e-12);
        // one swapped adjacent pair of ten: (9 - 1) / 10
        assertEquals(0.8, Evaluation.of(new double[] {1, 3, 2, 4, 5}, measured).kendallTau(), 1e-12);
    }

    @Test
    void tiesCountAsTauB() {
        // predicted ties one pair: concordant 5, discordant 0, tied in predicted 1 -> 5 / sqrt(6 * 5)
        double tau = Evaluation.of(new double[] {1, 1, 2, 3}, new double[] {1, 2, 3, 4}).kendallTau();
        assertEquals(5 / Math.sqrt(30), tau, 1e-12);
    }

    @Test
    void badInputIsRefusedNamingTheProblem() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(new double[] {1}, new double[] {1, 2}));
        assertTrue(length.getMessage().contains("as many"), length.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(new double[] {1, 1}, new double[] {1, 0}));
        assertTrue(label.getMessage().contains("measured[1]"), label.getMessage());
    }
}
