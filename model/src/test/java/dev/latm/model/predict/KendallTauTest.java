package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KendallTauTest {

    @Test
    void isUndefinedWhereEveryPairTiesAndEvaluationReadsThatAsNoAgreement() {
        assertTrue(Double.isNaN(KendallTau.tauB(new double[] {3, 3, 3}, new double[] {1, 2, 3})));
        assertTrue(Double.isNaN(KendallTau.tauB(new double[] {1}, new double[] {1})));
        assertEquals(0, Evaluation.of(new double[] {3, 3, 3}, new double[] {1, 2, 3}).kendallTau());
    }

    @Test
    void countsTiesAsTauB() {
        // b ties one pair: concordant 5, discordant 0, tied in b 1 -> 5 / sqrt(5 * 6)
        assertEquals(5 / Math.sqrt(30), KendallTau.tauB(new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 3}),
                1e-12);
    }
}
