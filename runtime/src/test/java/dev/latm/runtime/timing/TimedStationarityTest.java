package dev.latm.runtime.timing;

import static dev.latm.runtime.timing.FakeClock.MS;
import static dev.latm.runtime.timing.ScriptedCandidate.noisy;
import static dev.latm.runtime.timing.WarmupPolicy.MINIMUM_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stationarity test of the timed runs, through the harness: re-measured once, or reported. */
class TimedStationarityTest {

    private static final TimingPlan NO_WARMUP = TimingPlan.DEFAULT.withWarmup(0, Duration.ZERO);

    private final FakeClock clock = new FakeClock();
    private final TimingHarness harness = new TimingHarness(clock, JitCompilationTime.NONE);
    private final Random random = new Random(20);

    @Test
    void aFlatSeriesIsStationary() {
        ScriptedCandidate candidate = noisy(clock, random, run -> 10 * MS, 0.03);
        Measurement measurement = harness.measure(() -> candidate, TimingPlan.DEFAULT, WarmupPolicy.DEFAULT,
                () -> false);

        assertEquals(Stationarity.STATIONARY, measurement.stationarity());
    }

    @Test
    void aStepIsCutOffAndTheMeasurementGoesOnFromIt() {
        // 10 ms for the first 40 timed runs, then 12 ms: a JIT that finished late, or a slower host
        ScriptedCandidate candidate = noisy(clock, random, run -> run <= 40 ? 10 * MS : 12 * MS, 0.02);
        Measurement measurement = measure(candidate, NO_WARMUP.withKeepSamples(true));

        Stationarity stationarity = measurement.stationarity();
        assertTrue(stationarity.stationary(), stationarity.toString());
        assertEquals(40, stationarity.discardedRuns(), 5);
        assertEquals(12.0, measurement.stats().medianMs(), 0.12, "the new level, not a blend");
        assertEquals(StopReason.PRECISION_REACHED, measurement.stopReason());
        assertEquals(measurement.stats().runs(), measurement.stats().samplesMs().size());
        assertTrue(measurement.stats().samplesMs().stream().limit(20).allMatch(ms -> ms > 11),
                "kept samples start after the cut: " + measurement.stats().samplesMs().subList(0, 20));
    }

    @Test
    void aSeriesThatKeepsMovingAfterTheCutIsReportedNotAveraged() {
        // 10 ms, then from timed run 40 on 12 ms and climbing by 0.1% a run: no level to measure
        ScriptedCandidate candidate = noisy(clock, random,
                run -> run <= 40 ? 10 * MS : Math.round(12 * MS * (1 + 0.001 * (run - 40))), 0.02);
        Measurement measurement = measure(candidate, NO_WARMUP);

        Stationarity stationarity = measurement.stationarity();
        assertFalse(stationarity.stationary(), stationarity.toString());
        // cut once, at the step or later (the climb pulls Pettitt's estimate after it)
        assertTrue(stationarity.discardedRuns() >= 35 && stationarity.discardedRuns() <= 100, stationarity.toString());
        Changepoint change = stationarity.change().orElseThrow();
        assertTrue(change.run() > stationarity.discardedRuns(), "a run index in the timed phase's order");
        assertTrue(change.shift() > 0.01, "it got slower: " + change.shift());
        assertTrue(change.pValue() < ChangepointDetector.ALPHA);
    }

    @Test
    void theLatestOfTwoStepsIsWhereTheMeasurementGoesOnFrom() {
        // 10 ms, 12 ms from timed run 40, 14 ms from run 200: the first look (the precision needs ~270
        // runs) sees both steps and cuts at the larger, later one
        ScriptedCandidate candidate = noisy(clock, random,
                run -> run <= 40 ? 10 * MS : run <= 200 ? 12 * MS : 14 * MS, 0.02);
        Measurement measurement = measure(candidate, NO_WARMUP.withPrecision(0.003));

        assertTrue(measurement.stationarity().stationary(), measurement.stationarity().toString());
        assertEquals(200, measurement.stationarity().discardedRuns(), 5);
        assertEquals(14.0, measurement.stats().medianMs(), 0.14);
    }

    @Test
    void aShiftWithNoBudgetLeftIsReported() {
        // at CV 10% the precision needs ~600 runs: max_runs (200) ends the measurement first
        ScriptedCandidate candidate = noisy(clock, random, run -> run <= 100 ? 10 * MS : 13 * MS, 0.10);
        Measurement measurement = measure(candidate, NO_WARMUP.withRuns(50, 200));

        assertEquals(StopReason.MAX_RUNS, measurement.stopReason());
        Stationarity stationarity = measurement.stationarity();
        assertFalse(stationarity.stationary());
        assertEquals(0, stationarity.discardedRuns());
        assertEquals(100, stationarity.change().orElseThrow().run(), 10);
        assertEquals(200, measurement.stats().runs());
    }

    @Test
    void maxRunsCountsTheDiscardedRunsToo() {
        ScriptedCandidate candidate = noisy(clock, random, run -> run <= 40 ? 10 * MS : 12 * MS, 0.05);
        Measurement measurement = measure(candidate, NO_WARMUP.withRuns(50, 400));

        int discarded = measurement.stationarity().discardedRuns();
        assertTrue(discarded > 0);
        assertTrue(discarded + measurement.stats().runs() <= 400,
                discarded + " discarded + " + measurement.stats().runs() + " kept");
        assertEquals(1 + discarded + measurement.stats().runs(), candidate.runs());
    }

    /** Times {@code candidate} with the minimum warm-up, so that whatever it does shows in the timed runs. */
    private Measurement measure(ScriptedCandidate candidate, TimingPlan plan) {
        return harness.measure(() -> candidate, plan, MINIMUM_ONLY, () -> false);
    }
}
