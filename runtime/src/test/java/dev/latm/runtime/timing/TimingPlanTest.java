package dev.latm.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TimingPlanTest {

    private static final TimingPlan DEFAULT = TimingPlan.DEFAULT;

    @Test
    void defaultsAreTheDesignedMethod() {
        assertEquals(10, DEFAULT.warmupMinRuns());
        assertEquals(Duration.ofMillis(200), DEFAULT.warmupMinTime());
        assertEquals(50, DEFAULT.minRuns());
        assertEquals(5000, DEFAULT.maxRuns());
        assertEquals(Duration.ofSeconds(30), DEFAULT.maxTime());
        assertEquals(0.01, DEFAULT.precision());
        assertFalse(DEFAULT.keepSamples());
    }

    @Test
    void minRunsAboveMaxRunsNamesBothFields() {
        assertMessage("min_runs must be <= max_runs (got 100 > 50)", () -> DEFAULT.withRuns(100, 50));
    }

    @Test
    void runCountsOutOfRange() {
        assertMessage("min_runs must be >= 1 (got 0)", () -> DEFAULT.withRuns(0, 50));
        assertMessage("max_runs must be <= 1000000 (got 1000001)", () -> DEFAULT.withRuns(50, 1_000_001));
        assertMessage("warmup_min_runs must be >= 0 (got -1)", () -> DEFAULT.withWarmup(-1, Duration.ZERO));
    }

    @Test
    void durationsOutOfRange() {
        assertMessage("warmup_min_time must be >= 0 (got -0.5 s)",
                () -> DEFAULT.withWarmup(10, Duration.ofMillis(-500)));
        assertMessage("max_time must be > 0 (got 0.0 s)", () -> DEFAULT.withMaxTime(Duration.ZERO));
        assertMessage("warmup_min_time must be <= max_time (got 2.0 s > 1.0 s)",
                () -> DEFAULT.withWarmup(10, Duration.ofSeconds(2)).withMaxTime(Duration.ofSeconds(1)));
        assertMessage("max_time must be set", () -> DEFAULT.withMaxTime(null), NullPointerException.class);
        assertMessage("warmup_min_time must be set", () -> DEFAULT.withWarmup(10, null),
                NullPointerException.class);
    }

    @Test
    void precisionMustBeAFractionStrictlyBetweenZeroAndOne() {
        for (double bad : new double[] {0, 1, -0.01, 5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DEFAULT.withPrecision(bad));
            assertEquals("precision must be in (0, 1), the CI half-width relative to the median, e.g. 0.01"
                    + " for 1% (got " + bad + ")", e.getMessage());
        }
    }

    @Test
    void zeroWarmupAndSingleRunPlansAreValid() {
        TimingPlan plan = DEFAULT.withWarmup(0, Duration.ZERO).withRuns(1, 1);
        assertEquals(0, plan.warmupMinRuns());
        assertEquals(1, plan.maxRuns());
    }

    @Test
    void hugeDurationsSaturateInsteadOfOverflowing() {
        TimingPlan plan = DEFAULT.withMaxTime(Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, plan.maxTimeNanos());
        assertEquals(200_000_000L, plan.warmupMinNanos());
    }

    private static void assertMessage(String expected, Executable executable) {
        assertMessage(expected, executable, IllegalArgumentException.class);
    }

    private static void assertMessage(String expected, Executable executable, Class<? extends Exception> type) {
        assertEquals(expected, assertThrows(type, executable).getMessage());
    }
}
