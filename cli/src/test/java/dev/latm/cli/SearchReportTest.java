package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The predicted-vs-measured line of {@code latm search --screen}'s summary. */
class SearchReportTest {

    @Test
    void noPairIsNotApplicableWithItsCount() {
        String line = SearchReport.predictedVsMeasured(new double[0], new double[0], 0);

        assertEquals("predicted vs measured LAT(m) (lat_ms, else median_ms): n/a, 0 pairs of a prediction and a "
                + "measurement (at least 2 are needed)", line);
    }

    @Test
    void onePairIsNotApplicableEither() {
        String line = SearchReport.predictedVsMeasured(new double[] {2.0}, new double[] {2.2}, 0);

        assertEquals("predicted vs measured LAT(m) (lat_ms, else median_ms): n/a, 1 pair of a prediction and a "
                + "measurement (at least 2 are needed)", line);
    }

    @Test
    void candidatesMeasuredWithoutAPredictionAreCountedAndNeverNaN() {
        String few = SearchReport.predictedVsMeasured(new double[] {2.0}, new double[] {2.2}, 3);
        assertEquals("predicted vs measured LAT(m) (lat_ms, else median_ms): n/a, 1 pair of a prediction and a "
                + "measurement (at least 2 are needed); 3 measured candidates had no prediction", few);

        String enough = SearchReport.predictedVsMeasured(new double[] {2.0, 3.0}, new double[] {2.2, 2.9}, 1);
        assertTrue(enough.startsWith("predicted vs measured LAT(m) (lat_ms, else median_ms) of the 2 measured "
                + "candidates: n=2: within +-5% 50.0%, within +-10% 100.0%, RMSPE "), enough);
        assertTrue(enough.endsWith("; 1 measured candidate had no prediction"), enough);
        assertFalse(enough.contains("NaN"), enough);
    }
}
