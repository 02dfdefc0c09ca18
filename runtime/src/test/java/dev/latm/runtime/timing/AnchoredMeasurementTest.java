package dev.latm.runtime.timing;

import static dev.latm.runtime.timing.FakeClock.MS;
import static dev.latm.runtime.timing.ScriptedCandidate.noisy;
import static dev.latm.runtime.timing.WarmupPolicy.MINIMUM_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reference anchoring: the order of runs, the ratio statistics, and what they buy under drift. */
class AnchoredMeasurementTest {

    private static final double EPS = 1e-9;
    private static final TimingPlan NO_WARMUP = TimingPlan.DEFAULT.withWarmup(0, Duration.ZERO);

    private final FakeClock clock = new FakeClock();
    private final TimingHarness harness = new TimingHarness(clock, JitCompilationTime.NONE);
    private final Random random = new Random(10);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void abbaAlternatesWhichGoesFirst() {
        List<String> log = new ArrayList<>();
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 4 * MS).logging("C", log);
        ScriptedCandidate reference = ScriptedCandidate.constant(clock, 2 * MS).logging("R", log);
        harness.measureAnchored(() -> candidate, reference, NO_WARMUP.withRuns(6, 6), MINIMUM_ONLY, AnchorPlan.ABBA,
                () -> false);

        // the first run after build is the candidate's alone; then C R, R C, C R, ...
        assertEquals(List.of("C", "C", "R", "R", "C", "C", "R", "R", "C", "C", "R", "R", "C"), log);
    }

    @Test
    void blocksAlternateToo() {
        List<String> log = new ArrayList<>();
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 4 * MS).logging("C", log);
        ScriptedCandidate reference = ScriptedCandidate.constant(clock, 2 * MS).logging("R", log);
        Measurement measurement = harness.measureAnchored(() -> candidate, reference, NO_WARMUP.withRuns(7, 7),
                MINIMUM_ONLY, new AnchorPlan(3), () -> false);

        // 7 pairs in rounds of 3: CCC RRR, RRR CCC, then a last round cut to the one pair left
        assertEquals("C" + "CCCRRR" + "RRRCCC" + "CR", String.join("", log));
        assertEquals(7, measurement.relative().orElseThrow().pairs());
    }

    @Test
    void constantRunsGiveTheExactRatioAndReferenceMedian() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 4 * MS);
        ScriptedCandidate reference = ScriptedCandidate.constant(clock, 2 * MS);
        Measurement measurement = harness.measureAnchored(() -> candidate, reference, TimingPlan.DEFAULT,
                WarmupPolicy.DEFAULT, AnchorPlan.ABBA, () -> false);

        Relative relative = measurement.relative().orElseThrow();
        assertEquals(2.0, relative.median(), EPS);
        assertEquals(2.0, relative.ciLow(), EPS);
        assertEquals(2.0, relative.ciHigh(), EPS);
        assertEquals(50, relative.pairs());
        assertTrue(relative.targetReached());
        assertEquals(2.0, relative.reference().medianMs(), EPS);
        assertEquals(4.0, measurement.stats().medianMs(), EPS);
        assertEquals(50, measurement.stats().runs());
        assertEquals(StopReason.PRECISION_REACHED, measurement.stopReason());
        assertEquals(300.0, measurement.timedMs(), EPS, "50 pairs of 4 + 2 ms: the reference's runs count");
        assertEquals(WarmupOutcome.STEADY, measurement.warmupOutcome());
    }

    /**
     * The scenario of issue 10: the device slows down by 30% in the middle of a measurement. The
     * baseline is the reference's LAT from a calibration before; relative x baseline stays within 2% of
     * the candidate's true latency, the raw median does not.
     */
    @Test
    void relativeTimesTheBaselineHoldsWhenTheDeviceSlowsDownMidMeasurement() {
        ScriptedDevice device = ScriptedDevice.slowingDown(clock, 1_500 * MS, 1.3);
        ScriptedCandidate candidate = noisy(clock, random, 4 * MS, 0.02).on(device);
        ScriptedCandidate reference = noisy(clock, random, 2 * MS, 0.02).on(device);
        TimingPlan plan = TimingPlan.DEFAULT.withRuns(400, 400);

        Measurement calibration = harness.measureBuilt(reference, TimingPlan.DEFAULT, WarmupPolicy.DEFAULT,
                () -> false);
        double baselineMs = calibration.stats().medianMs();
        Measurement measurement = harness.measureAnchored(() -> candidate, reference, plan, WarmupPolicy.DEFAULT,
                AnchorPlan.ABBA, () -> false);

        double normalizedMs = measurement.relative().orElseThrow().median() * baselineMs;
        assertEquals(4.0, normalizedMs, 0.02 * 4.0, "relative x baseline");
        assertTrue(Math.abs(measurement.stats().medianMs() - 4.0) > 0.1 * 4.0,
                "the raw median moved with the device: " + measurement.stats().medianMs());
        assertTrue(measurement.stationarity().stationary(), "the ratios kept their level");
        assertEquals(0, reference.closes(), "the reference belongs to the caller");
        assertEquals(1, candidate.closes());
    }

    @Test
    void theStoppingRuleJudgesTheRatiosNotTheDriftingRawTimes() {
        // +-30% swings over 0.6 s: the raw CI stays wide, the ratios of adjacent runs barely move
        ScriptedDevice device = ScriptedDevice.swinging(clock, 600 * MS, 0.3);
        ScriptedCandidate candidate = noisy(clock, random, 4 * MS, 0.005).on(device);
        ScriptedCandidate reference = noisy(clock, random, 2 * MS, 0.005).on(device);
        Measurement measurement = harness.measureAnchored(() -> candidate, reference, TimingPlan.DEFAULT,
                WarmupPolicy.DEFAULT, AnchorPlan.ABBA, () -> false);

        assertEquals(StopReason.PRECISION_REACHED, measurement.stopReason());
        assertTrue(measurement.relative().orElseThrow().targetReached());
        assertEquals(2.0, measurement.relative().orElseThrow().median(), 0.02);
        assertFalse(measurement.stats().targetReached(), "the raw times' CI is far wider than 1%");
    }

    @Test
    void aShiftOfTheCandidateAloneIsFoundInTheRatiosAndMeasuredAgain() {
        long start = clock.nanoTime();
        // the candidate (not the device) gets 10% slower 1 s in: a late JIT deoptimisation, say
        ScriptedCandidate candidate = noisy(clock, random,
                run -> clock.nanoTime() - start < 1_000 * MS ? 4 * MS : 4_400_000L, 0.02);
        ScriptedCandidate reference = noisy(clock, random, 2 * MS, 0.02);
        Measurement measurement = harness.measureAnchored(() -> candidate, reference,
                TimingPlan.DEFAULT.withPrecision(0.005), WarmupPolicy.DEFAULT, AnchorPlan.ABBA, () -> false);

        Stationarity stationarity = measurement.stationarity();
        assertTrue(stationarity.discardedRuns() > 0, stationarity.toString());
        assertEquals(2.2, measurement.relative().orElseThrow().median(), 0.02 * 2.2);
        assertEquals(measurement.relative().orElseThrow().pairs(), measurement.stats().runs(),
                "the candidate's own statistics are over the same, kept runs");
    }

    @Test
    void keptSamplesHoldRatiosAndBothSeries() {
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> (run % 2 + 3) * MS);
        ScriptedCandidate reference = ScriptedCandidate.constant(clock, MS);
        Measurement measurement = harness.measureAnchored(() -> candidate, reference,
                NO_WARMUP.withRuns(4, 4).withKeepSamples(true), MINIMUM_ONLY, AnchorPlan.ABBA, () -> false);

        // run 0 (3 ms) is the first run; timed runs 1..4 take 4, 3, 4, 3 ms
        assertEquals(List.of(4.0, 3.0, 4.0, 3.0), measurement.stats().samplesMs());
        assertEquals(List.of(4.0, 3.0, 4.0, 3.0), measurement.relative().orElseThrow().ratios());
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0), measurement.relative().orElseThrow().reference().samplesMs());
    }

    @Test
    void theReferenceIsNeverClosedTheCandidateAlways() {
        ScriptedCandidate reference = ScriptedCandidate.constant(clock, MS);
        ScriptedCandidate failing = ScriptedCandidate.constant(clock, MS).failingAt(40);
        assertThrows(IllegalStateException.class, () -> harness.measureAnchored(() -> failing, reference,
                TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, AnchorPlan.ABBA, () -> false));
        assertEquals(1, failing.closes());

        ScriptedCandidate cancelled = ScriptedCandidate.constant(clock, MS);
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> harness.measureAnchored(() -> cancelled, reference, TimingPlan.DEFAULT, WarmupPolicy.DEFAULT,
                        AnchorPlan.ABBA, () -> cancelled.runs() > 1 + 100 + 20)); // 100 warm-up rounds: 0.2 s
        assertEquals(MeasurementPhase.TIMED, e.phase());
        assertEquals(1, cancelled.closes());
        assertEquals(0, reference.closes());
    }

    @Test
    void aFailingReferenceFailsTheMeasurementAndClosesTheCandidate() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, MS);
        ScriptedCandidate reference = ScriptedCandidate.constant(clock, MS).failingAt(5);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> harness.measureAnchored(
                () -> candidate, reference, TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, AnchorPlan.ABBA, () -> false));
        assertEquals("scripted failure at run 5", e.getMessage());
        assertEquals(1, candidate.closes());
        assertEquals(0, reference.closes());
    }

    @Test
    void calibrationMeasuresAGivenCandidateAndLeavesItOpen() {
        ScriptedCandidate reference = ScriptedCandidate.constant(clock, 2 * MS);
        Measurement measurement = harness.measureBuilt(reference, TimingPlan.DEFAULT, WarmupPolicy.DEFAULT,
                () -> false);

        assertEquals(2.0, measurement.stats().medianMs(), EPS);
        assertEquals(0.0, measurement.buildMs());
        assertTrue(measurement.relative().isEmpty());
        assertEquals(0, reference.closes());
    }

    @Test
    void badArgumentsAreRejected() {
        assertEquals("block_runs must be in [1, 1000] (got 0)",
                assertThrows(IllegalArgumentException.class, () -> new AnchorPlan(0)).getMessage());
        assertEquals("reference", assertThrows(NullPointerException.class, () -> harness.measureAnchored(
                () -> ScriptedCandidate.constant(clock, MS), null, TimingPlan.DEFAULT, WarmupPolicy.DEFAULT,
                AnchorPlan.ABBA, () -> false)).getMessage());
    }
}
