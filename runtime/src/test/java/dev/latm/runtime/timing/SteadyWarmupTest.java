package dev.latm.runtime.timing;

import static dev.latm.runtime.timing.FakeClock.MS;
import static dev.latm.runtime.timing.ScriptedCandidate.noisy;
import static dev.latm.runtime.timing.WarmupPolicy.MINIMUM_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The harness's warm-up on scripted series: it ends when the candidate has warmed up, and only then. */
class SteadyWarmupTest {

    private static final long NOMINAL = 8 * MS;

    private final FakeClock clock = new FakeClock();
    private final Random random = new Random(15);

    @Test
    void aTransientOfTwiceTheSteadyTimeIsWaitedOut() {
        // the Java engine's shape in a fresh JVM: 2x at first, decaying with a time constant of 40 runs
        ScriptedCandidate candidate = noisy(clock, random,
                run -> Math.round(NOMINAL * (1 + Math.exp(-run / 40.0))), 0.03);
        Measurement measurement = measureSteady(candidate);

        assertEquals(WarmupOutcome.STEADY, measurement.warmupOutcome());
        assertTrue(measurement.warmupRuns() > 100, "warm-up runs " + measurement.warmupRuns());
        assertEquals(8.0, measurement.stats().medianMs(), 0.08, "the timed median is the steady state's, +-1%");
        assertTrue(measurement.stationarity().stationary());
    }

    @Test
    void todaysFixedWarmupWouldHaveTimedTheTransient() {
        ScriptedCandidate candidate = noisy(clock, random,
                run -> Math.round(NOMINAL * (1 + Math.exp(-run / 40.0))), 0.03);
        Measurement measurement = harness().measure(() -> candidate, TimingPlan.DEFAULT,
                MINIMUM_ONLY, () -> false);

        assertEquals(WarmupOutcome.BUDGET_EXHAUSTED, measurement.warmupOutcome());
        assertEquals(14, measurement.warmupRuns()); // 0.2 s of runs ~2x as slow as 8 ms
        // the decay inside the timed runs is a trend: found, and the runs before it dropped as warm-up
        assertTrue(measurement.stationarity().discardedRuns() > 50, measurement.stationarity().toString());
    }

    @Test
    void aFlatSeriesEndsItsWarmupAtTheMinimum() {
        // ONNX Runtime's shape: flat from the first run; 6.5 ms runs meet the 0.2 s minimum after 31
        ScriptedCandidate candidate = noisy(clock, random, 6_500_000L, 0.03);
        Measurement measurement = measureSteady(candidate);

        assertEquals(WarmupOutcome.STEADY, measurement.warmupOutcome());
        assertEquals(31, measurement.warmupRuns());
    }

    @Test
    void aNoisyFlatSeriesEndsANativeCandidatesWarmupAtOnceButNotAJitCompiledOnes() {
        // ONNX Runtime on a noisy host (CV 10%): waiting until windows resolve 5% took up to 4.8 s; with
        // no JIT phase to hide, agreement within the noise is enough
        ScriptedCandidate nativeCode = new ScriptedCandidate(clock, run -> Noise.noisyNanos(random, NOMINAL, 0.10));
        Measurement measurement = measureSteady(nativeCode);
        assertEquals(WarmupOutcome.STEADY, measurement.warmupOutcome());
        assertTrue(measurement.warmupRuns() <= 40, "warm-up runs " + measurement.warmupRuns());

        ScriptedCandidate jitCompiled = new ScriptedCandidate(clock, run -> Noise.noisyNanos(random, NOMINAL, 0.10))
                .jitCompiled(true);
        Measurement jitMeasurement = measureSteady(jitCompiled);
        assertTrue(jitMeasurement.warmupRuns() > 200, "a JIT-compiled candidate waits until the windows resolve 5%: "
                + jitMeasurement.warmupRuns());
    }

    @Test
    void aSeriesThatNeverSettlesEndsAtTheBudget() {
        // a climb of 1% a run: never steady, so the warm-up stops at its 2 s budget
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> Math.round(MS * (1 + 0.01 * run)));
        Measurement measurement = harness().measure(() -> candidate, TimingPlan.DEFAULT.withRuns(50, 200),
                WarmupPolicy.DEFAULT.withBudget(Duration.ofSeconds(2)), () -> false);

        assertEquals(WarmupOutcome.BUDGET_EXHAUSTED, measurement.warmupOutcome());
        assertTrue(measurement.warmupMs() >= 2000 && measurement.warmupMs() < 2000 + 8, "warm-up ms "
                + measurement.warmupMs());
        assertTrue(!measurement.stationarity().stationary(), "the timed runs still climb");
    }

    @Test
    void maxTimeBoundsTheWarmupEvenWithALargerBudget() {
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> Math.round(MS * (1 + 0.01 * run)));
        Measurement measurement = harness().measure(() -> candidate,
                TimingPlan.DEFAULT.withMaxTime(Duration.ofSeconds(1)), WarmupPolicy.DEFAULT, () -> false);

        assertEquals(WarmupOutcome.BUDGET_EXHAUSTED, measurement.warmupOutcome());
        assertTrue(measurement.warmupMs() < 1000 + 20, "warm-up ms " + measurement.warmupMs());
    }

    @Test
    void aJitCompiledCandidateWarmsUpUntilTheJitIsQuiet() {
        long jitStart = clock.nanoTime();
        // the JVM compiles for 3 s (0.5 ms of compile time per ms), then only 1 ms a second
        JitCompilationTime jit = () -> {
            long elapsedMs = (clock.nanoTime() - jitStart) / MS;
            return elapsedMs < 3000 ? elapsedMs / 2 : 1500 + (elapsedMs - 3000) / 1000;
        };
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, NOMINAL).jitCompiled(true);
        Measurement measurement = new TimingHarness(clock, jit).measure(() -> candidate, TimingPlan.DEFAULT,
                WarmupPolicy.DEFAULT, () -> false);

        assertEquals(WarmupOutcome.STEADY, measurement.warmupOutcome());
        // the last window (a sixth of the warm-up) must start after 3 s; checks come every 10%
        assertTrue(measurement.warmupMs() > 3000 && measurement.warmupMs() < 3000 * 6 / 5 * 11 / 10,
                "warm-up ms " + measurement.warmupMs());
    }

    @Test
    void theJitIsIgnoredForCandidatesItDoesNotCompile() {
        JitCompilationTime busy = () -> clock.nanoTime() / MS; // always compiling
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, NOMINAL);
        Measurement measurement = new TimingHarness(clock, busy).measure(() -> candidate, TimingPlan.DEFAULT,
                WarmupPolicy.DEFAULT, () -> false);

        assertEquals(WarmupOutcome.STEADY, measurement.warmupOutcome());
        assertEquals(30, measurement.warmupRuns());
    }

    @Test
    void anAnchoredWarmupJudgesTheRatiosSoDeviceDriftDoesNotKeepItGoing() {
        // the device swings +-30% over 1.5 s: the raw times never settle, the ratios do at once
        ScriptedDevice device = ScriptedDevice.swinging(clock, 1_500 * MS, 0.3);
        ScriptedCandidate candidate = noisy(clock, random, NOMINAL, 0.01)
                .on(device);
        ScriptedCandidate reference = noisy(clock, random, 2 * MS, 0.01)
                .on(device);
        WarmupPolicy budget = WarmupPolicy.DEFAULT.withBudget(Duration.ofSeconds(5));

        Measurement alone = harness().measure(() -> candidate, TimingPlan.DEFAULT, budget, () -> false);
        assertEquals(WarmupOutcome.BUDGET_EXHAUSTED, alone.warmupOutcome());

        Measurement anchored = harness().measureAnchored(() -> candidate, reference, TimingPlan.DEFAULT, budget,
                AnchorPlan.ABBA, () -> false);
        assertEquals(WarmupOutcome.STEADY, anchored.warmupOutcome());
        assertTrue(anchored.warmupMs() < 1000, "anchored warm-up ms " + anchored.warmupMs());
    }

    /** The default plan with the default, steady-state warm-up. */
    private Measurement measureSteady(ScriptedCandidate candidate) {
        return harness().measure(() -> candidate, TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, () -> false);
    }

    private TimingHarness harness() {
        return new TimingHarness(clock, JitCompilationTime.NONE);
    }
}
