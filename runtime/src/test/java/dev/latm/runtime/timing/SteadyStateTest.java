package dev.latm.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The steady-state rule on synthetic series, judged on its schedule (every 10% of growth from the
 * first judgement on), as {@link Warmup} consults it. Values are unitless run times around 1.
 */
class SteadyStateTest {

    private static final double PRECISION = 0.01;
    private static final long RUN_NANOS = 6_500_000L;

    @Test
    void aFlatSeriesIsSteadyAsSoonAsThreeWindowsOfTenExist() {
        Random random = new Random(1);
        int steadyAt = steadyAt(run -> Noise.noisy(random, 1.0, 0.03), 10, 5000);
        assertEquals(30, steadyAt);
    }

    @Test
    void aConstantSeriesIsSteadyAtThirtyRuns() {
        assertEquals(30, steadyAt(run -> 1.0, 1, 5000));
    }

    @Test
    void aNoisierFlatSeriesWarmsAJitCompiledCandidateUntilTheWindowsCanResolveFivePercent() {
        Random random = new Random(2);
        // at CV 10% a window of 10 runs cannot tell 5% apart (q * se ~ 13%): windows of ~70 runs can
        int steadyAt = steadyAt(run -> Noise.noisy(random, 1.0, 0.10), 10, 5000, true);
        assertTrue(steadyAt > 200 && steadyAt < 1000, "steady at " + steadyAt);
    }

    @Test
    void aNoisierFlatSeriesOfANativeCandidateIsSteadyOnceItsWindowsAgree() {
        // no JIT phase to hide in the noise: the windows need only agree within it, which a flat series
        // does at the first look 95% of the time (the next look, 10% later, catches most of the rest)
        int atFirstLook = 0;
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            int steadyAt = steadyAt(run -> Noise.noisy(random, 1.0, 0.10), 10, 5000, false);
            assertTrue(steadyAt >= 30 && steadyAt < 60, "seed " + seed + ": steady at " + steadyAt);
            atFirstLook += steadyAt == 30 ? 1 : 0;
        }
        assertTrue(atFirstLook >= 32, atFirstLook + " of 40 at the first look");
    }

    /**
     * 2x decaying with a time constant of 40 runs, at CV 3%: the first 100 runs are still over 8% slow.
     * A JIT-compiled candidate (the JIT's shape) and a native one alike: at this noise the windows see
     * the decay without help from the resolution.
     */
    @ParameterizedTest(name = "JIT-compiled: {0}")
    @ValueSource(booleans = {true, false})
    void aTransientFromTwiceTheSteadyTimeEndsOnlyWhenItHasDecayed(boolean jitCompiled) {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            double[] series = series(4000, run -> Noise.noisy(random, 1 + Math.exp(-run / 40.0), 0.03));
            int steadyAt = steadyAt(series, 10, jitCompiled);
            assertTrue(steadyAt > 100, "seed " + seed + ": steady at " + steadyAt);
            double after = median(Arrays.copyOfRange(series, steadyAt, steadyAt + 300));
            double truth = median(series(300, run -> Noise.noisy(random, 1.0, 0.03)));
            assertEquals(truth, after, 0.01 * truth, "seed " + seed + ": residual bias of the next 300 runs");
        }
    }

    @Test
    void aStepIsSteadyOnlyOnceItHasLeftTheLastHalf() {
        SteadyState rule = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, false);
        for (int run = 0; run < 600; run++) {
            rule.add(run < 200 ? 1.3 : 1.0, endOf(run), 0);
            boolean steady = rule.steady();
            if (run >= 29 && run < 200) {
                assertTrue(steady, "flat at 1.3 so far, at run " + run);
            }
            if (run >= 240 && run < 330) {
                assertFalse(steady, "the 30% step at run 200 splits the last half at run " + run);
            }
            if (run >= 420) {
                assertTrue(steady, "the last half holds only the new level at run " + run);
            }
        }
    }

    @Test
    void aSeriesThatNeverSettlesIsNeverSteady() {
        Random random = new Random(3);
        // a climb of 1% a run: over any last half the windows differ by far more than the noise
        assertEquals(-1, steadyAt(run -> Noise.noisy(random, 1 + 0.01 * run, 0.02), 10, 20_000));
    }

    @Test
    void aClimbTheWindowsCannotResolveIsLeftToTheStationarityTest() {
        Random random = new Random(3);
        // 0.1% a run is 1% a window of 10 runs, inside what 2% noise excuses there: the warm-up ends,
        // and the timed phase's changepoint test (which sees hundreds of runs) is what finds the climb
        int steadyAt = steadyAt(run -> Noise.noisy(random, 1 + 0.001 * run, 0.02), 10, 20_000);
        assertTrue(steadyAt > 0 && steadyAt < 100, "steady at " + steadyAt);
    }

    @Test
    void windowsThatDisagreeByLessThanThePrecisionAreSteady() {
        // three windows at 1.000, 1.005, 1.009: within 1% of each other, no noise at all
        SteadyState rule = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, false);
        for (int run = 0; run < 30; run++) {
            rule.add(1 + 0.0045 * (run / 10), endOf(run), 0);
        }
        assertTrue(rule.steady());
        SteadyState coarser = new SteadyState(WarmupPolicy.DEFAULT, 0.005, false);
        for (int run = 0; run < 30; run++) {
            coarser.add(1 + 0.0045 * (run / 10), endOf(run), 0);
        }
        assertFalse(coarser.steady(), "a 0.9% range exceeds a 0.5% precision");
    }

    @Test
    void aGrowingJitCompilationTimeKeepsTheWarmupGoing() {
        SteadyState rule = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, true);
        long compiled = 0;
        int steadyAt = -1;
        for (int run = 0; run < 2000 && steadyAt < 0; run++) {
            compiled += run < 500 ? 3 : 0; // 3 ms of compilation per 6.5 ms run, for 500 runs
            rule.add(1.0, endOf(run), compiled);
            if (run >= 29 && rule.steady()) {
                steadyAt = run + 1;
            }
        }
        // the last window (a sixth of the run count) must lie after run 500
        assertTrue(steadyAt > 500 && steadyAt <= 610, "steady at " + steadyAt);
    }

    @Test
    void backgroundCompilationWithinTheToleranceIsIgnored() {
        SteadyState floor = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, true);
        SteadyState share = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, true);
        for (int run = 0; run < 30; run++) {
            floor.add(1.0, endOf(run), run / 2); // 5 ms in the last window of 65 ms: the floor
            share.add(1.0, run * 1_000_000_000L, run * 19L); // 190 ms in the last 10 s: under 2%
        }
        assertTrue(floor.steady());
        assertTrue(share.steady());
        SteadyState over = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, true);
        for (int run = 0; run < 30; run++) {
            over.add(1.0, run * 1_000_000_000L, run * 25L); // 250 ms in 10 s: 2.5%
        }
        assertFalse(over.steady());
    }

    @Test
    void jitGrowthIsIgnoredWhenTheCandidateIsNotJitCompiled() {
        SteadyState rule = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, false);
        for (int run = 0; run < 30; run++) {
            rule.add(1.0, endOf(run), run * 100L);
        }
        assertTrue(rule.steady());
    }

    @Test
    void aFullHistoryForgetsItsOlderHalf() {
        SteadyState rule = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, false, 64);
        for (int run = 0; run < 1000; run++) {
            rule.add(run < 900 ? 2.0 : 1.0, endOf(run), 0);
        }
        assertEquals(1000, rule.count());
        assertTrue(rule.steady(), "the last 100 runs are flat, and the history keeps at most the last 64");
    }

    @Test
    void tooSmallACapacityIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SteadyState(WarmupPolicy.DEFAULT, PRECISION, false, 59));
        assertEquals("capacity must be >= 2 * windows * window_runs (got 59)", e.getMessage());
    }

    @Test
    void judgementsComeWhenThreeWindowsExistThenEveryTenPercent() {
        SteadyState rule = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, false);
        assertEquals(30, rule.nextCheck(0));
        assertEquals(30, rule.nextCheck(25));
        assertEquals(33, rule.nextCheck(30));
        assertEquals(110, rule.nextCheck(100));
        assertEquals(112, rule.nextCheck(101)); // ceil(111.1)
    }

    @Test
    void nothingIsSteadyBeforeThreeWindowsExist() {
        SteadyState rule = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, false);
        for (int run = 0; run < 29; run++) {
            rule.add(1.0, endOf(run), 0);
            assertFalse(rule.steady());
        }
    }

    /** The run count at which the rule first calls the series steady, on the warm-up's schedule; -1 if never. */
    private static int steadyAt(IntToDoubleFunction value, int minimumRuns, int maxRuns) {
        return steadyAt(value, minimumRuns, maxRuns, false);
    }

    private static int steadyAt(IntToDoubleFunction value, int minimumRuns, int maxRuns, boolean jitCompiled) {
        return steadyAt(series(maxRuns, value), minimumRuns, jitCompiled);
    }

    /** With a JIT-compiled candidate, the JVM's compilation time stays still: only the run times are judged. */
    private static int steadyAt(double[] series, int minimumRuns, boolean jitCompiled) {
        SteadyState rule = new SteadyState(WarmupPolicy.DEFAULT, PRECISION, jitCompiled);
        int nextCheck = minimumRuns;
        for (int run = 0; run < series.length; run++) {
            rule.add(series[run], endOf(run), 0);
            int runs = run + 1;
            if (runs >= nextCheck) {
                if (rule.steady()) {
                    return runs;
                }
                nextCheck = rule.nextCheck(runs);
            }
        }
        return -1;
    }

    private static double[] series(int n, IntToDoubleFunction value) {
        double[] series = new double[n];
        for (int run = 0; run < n; run++) {
            series[run] = value.applyAsDouble(run);
        }
        return series;
    }

    private static long endOf(int run) {
        return (run + 1) * RUN_NANOS;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return LatencyStatistics.median(sorted, sorted.length);
    }
}
