package dev.latm.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChangepointDetectorTest {

    private static final double PRECISION = 0.01;

    @Test
    void aCleanStepIsFoundExactly() {
        double[] series = new double[40];
        for (int i = 0; i < series.length; i++) {
            series[i] = i < 10 ? 1.0 : 2.0;
        }
        Changepoint change = ChangepointDetector.pettitt(series, series.length);
        assertEquals(10, change.run());
        assertEquals(1.0, change.shift(), 1e-12);
        // U = 2 * (10 ties at midrank 5.5) - 10 * 41 = -300; p = 2 exp(-6 * 300^2 / (40^3 + 40^2))
        assertEquals(2 * Math.exp(-6.0 * 300 * 300 / (64_000 + 1_600)), change.pValue(), 1e-15);
    }

    @Test
    void theRankFormulaEqualsTheDoubleSumOfSigns() {
        Random random = new Random(5);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + random.nextInt(60);
            double[] series = new double[n];
            for (int i = 0; i < n; i++) {
                series[i] = random.nextInt(6) + (i > n / 3 ? random.nextInt(3) : 0); // many ties
            }
            int bestAt = 1;
            long best = -1;
            for (int t = 1; t < n; t++) {
                long u = 0;
                for (int i = 0; i < t; i++) {
                    for (int j = t; j < n; j++) {
                        u += (long) Math.signum(series[i] - series[j]);
                    }
                }
                if (Math.abs(u) > best) {
                    best = Math.abs(u);
                    bestAt = t;
                }
            }
            Changepoint change = ChangepointDetector.pettitt(series, n);
            assertEquals(bestAt, change.run(), "trial " + trial);
            double expectedP = Math.min(1, 2 * Math.exp(-6.0 * best * best / ((double) n * n * n + (double) n * n)));
            assertEquals(expectedP, change.pValue(), 1e-12, "trial " + trial);
        }
    }

    @Test
    void aFivePercentStepInNoiseIsFoundNearWhereItIs() {
        Random random = new Random(6);
        for (int trial = 0; trial < 20; trial++) {
            double[] series = Noise.series(random, 300, i -> i < 90 ? 1.05 : 1.0, 0.03);
            Optional<Changepoint> change = ChangepointDetector.material(series, series.length, PRECISION);
            assertTrue(change.isPresent(), "trial " + trial);
            assertEquals(90, change.get().run(), 40, "trial " + trial); // Pettitt places it roughly
            assertEquals(-0.048, change.get().shift(), 0.015, "trial " + trial);
        }
    }

    @Test
    void aTrendIsFoundAsAShiftNearItsMiddle() {
        Random random = new Random(7);
        double[] series = Noise.series(random, 400, i -> 1 + 0.0002 * i, 0.02); // 8% over the series
        Changepoint change = ChangepointDetector.material(series, series.length, PRECISION).orElseThrow();
        assertEquals(200, change.run(), 60);
        assertTrue(change.shift() > 0.02, "shift " + change.shift());
    }

    @Test
    void stationarySeriesAreFlaggedAtMostAboutOnePercentOfTheTime() {
        Random random = new Random(8);
        int flagged = 0;
        int trials = 1000;
        for (int trial = 0; trial < trials; trial++) {
            double[] series = Noise.series(random, 50 + random.nextInt(500), i -> 1.0, 0.05);
            if (ChangepointDetector.material(series, series.length, PRECISION).isPresent()) {
                flagged++;
            }
        }
        assertTrue(flagged <= 20, flagged + " of " + trials + " stationary series flagged");
    }

    @Test
    void aSignificantShiftSmallerThanThePrecisionIsNotMaterial() {
        Random random = new Random(9);
        double[] series = Noise.series(random, 20_000, i -> i < 10_000 ? 1.004 : 1.0, 0.01);
        Changepoint change = ChangepointDetector.pettitt(series, series.length);
        assertTrue(change.pValue() < 1e-6, "0.4% over 20,000 runs is significant: p = " + change.pValue());
        assertFalse(ChangepointDetector.material(series, series.length, PRECISION).isPresent());
    }

    @Test
    void aShortBlipAtTheStartIsLeftAlone() {
        Random random = new Random(10);
        double[] series = Noise.series(random, 300, i -> i < 5 ? 2.0 : 1.0, 0.03);
        assertFalse(ChangepointDetector.material(series, series.length, PRECISION).isPresent());
    }

    @Test
    void veryShortSeriesAreNeverFlagged() {
        double[] series = {2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1};
        assertTrue(ChangepointDetector.pettitt(series, series.length).pValue() > ChangepointDetector.ALPHA);
        assertFalse(ChangepointDetector.material(series, series.length, PRECISION).isPresent());
        assertFalse(ChangepointDetector.material(new double[] {1}, 1, PRECISION).isPresent());
    }

    @Test
    void onlyTheFirstNValuesAreJudged() {
        double[] series = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9};
        assertFalse(ChangepointDetector.material(series, 20, PRECISION).isPresent());
        assertThrows(IllegalArgumentException.class, () -> ChangepointDetector.pettitt(series, 1));
    }
}
