package dev.latm.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoppingRuleTest {

    private static final TimingPlan PLAN = TimingPlan.DEFAULT.withRuns(50, 5000);

    @Test
    void checkScheduleIsEveryRunBelowHundredThenEveryFivePercent() {
        assertEquals(51, StoppingRule.nextCheck(50));
        assertEquals(100, StoppingRule.nextCheck(99));
        assertEquals(105, StoppingRule.nextCheck(100));
        assertEquals(107, StoppingRule.nextCheck(101)); // ceil(5.05) = 6
        assertEquals(1050, StoppingRule.nextCheck(1000));
        assertEquals(50, new StoppingRule(PLAN).firstCheck());
    }

    @Test
    void mergedCopyEqualsAFullSortAtEveryScheduledCheck() {
        Random random = new Random(11);
        double[] samples = new double[5000];
        for (int i = 0; i < samples.length; i++) {
            // heavy ties and a long tail, the shapes that break a careless merge
            samples[i] = random.nextInt(10) == 0 ? 1_000_000 + random.nextInt(5_000_000) : 1_000 * random.nextInt(50);
        }
        StoppingRule rule = new StoppingRule(PLAN);
        int checks = 0;
        for (int n = rule.firstCheck(); n <= samples.length; n = StoppingRule.nextCheck(n)) {
            boolean reached = rule.precisionReached(samples, n);
            double[] expected = Arrays.copyOf(samples, n);
            Arrays.sort(expected);
            assertArrayEquals(expected, rule.sortedSoFar(), 0.0, "sorted copy at n = " + n);
            assertEquals(LatencyStatistics.relativeHalfWidth(expected, n) <= PLAN.precision(), reached);
            checks++;
        }
        assertTrue(checks > 100, "both the every-run and the 5% phases must be exercised: " + checks);
    }

    @Test
    void repeatedJudgementOfTheSameCountIsStable() {
        double[] samples = {5, 5, 5, 5, 9};
        StoppingRule rule = new StoppingRule(TimingPlan.DEFAULT.withRuns(1, 5).withPrecision(0.3));
        assertTrue(rule.precisionReached(samples, 4)); // n = 4: CI = [x(1), x(4)] = [5, 5]
        assertTrue(rule.precisionReached(samples, 4));
        assertFalse(rule.precisionReached(samples, 5)); // n = 5: CI = [5, 9], half-width 2 / 5 = 0.4
    }

    @Test
    void resetStartsTheSortedCopyOver() {
        double[] samples = {9, 8, 7, 1, 2, 3};
        StoppingRule rule = new StoppingRule(TimingPlan.DEFAULT.withRuns(1, 6));
        rule.precisionReached(samples, 6);
        rule.reset();
        double[] suffix = {1, 2, 3};
        rule.precisionReached(suffix, 3);
        assertArrayEquals(new double[] {1, 2, 3}, rule.sortedSoFar(), 0.0);
    }

    @Test
    void shrinkingSampleIsRejected() {
        double[] samples = {1, 2, 3, 4};
        StoppingRule rule = new StoppingRule(TimingPlan.DEFAULT.withRuns(1, 4));
        rule.precisionReached(samples, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rule.precisionReached(samples, 3));
        assertEquals("samples must only grow (got n = 3 after 4)", e.getMessage());
    }
}
