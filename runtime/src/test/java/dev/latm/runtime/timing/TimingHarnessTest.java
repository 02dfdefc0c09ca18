package dev.latm.runtime.timing;

import static dev.latm.runtime.timing.WarmupPolicy.MINIMUM_ONLY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.runtime.Candidate;
import dev.latm.runtime.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimingHarnessTest {

    private static final long MS = 1_000_000L;
    private static final double EPS = 1e-9;
    private static final TimingPlan NO_WARMUP = TimingPlan.DEFAULT.withWarmup(0, Duration.ZERO);

    private final FakeClock clock = new FakeClock();
    private final TimingHarness harness = new TimingHarness(clock);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted(); // never leak an interrupt into the next test
    }

    @Test
    void constantDurationsStopAtExactlyMinRuns() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 2 * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0), TimingPlan.DEFAULT);

        assertEquals(50, measurement.stats().runs());
        assertTrue(measurement.stats().targetReached());
        assertEquals(StopReason.PRECISION_REACHED, measurement.stopReason());
        assertEquals(2.0, measurement.stats().medianMs(), EPS);
        assertEquals(0.0, measurement.stats().ciHalfWidthRel());
        assertEquals(1 + measurement.warmupRuns() + 50, candidate.runs());
        assertEquals(100.0, measurement.timedMs(), EPS);
        assertEquals(1, candidate.closes());
    }

    @Test
    void alternatingDurationsNeverConvergeAndRunToMaxRuns() {
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> run % 2 == 0 ? MS : 3 * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0), TimingPlan.DEFAULT.withRuns(50, 500));

        LatencyStats stats = measurement.stats();
        assertEquals(500, stats.runs());
        assertFalse(stats.targetReached());
        assertEquals(StopReason.MAX_RUNS, measurement.stopReason());
        assertEquals(2.0, stats.medianMs(), EPS);
        assertEquals(1.0, stats.ciLowMs(), EPS);
        assertEquals(3.0, stats.ciHighMs(), EPS);
        assertEquals(0.5, stats.ciHalfWidthRel(), EPS);
    }

    @Test
    void maxTimeStopsTheTimedPhaseEarly() {
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> run % 2 == 0 ? 10 * MS : 30 * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0),
                TimingPlan.DEFAULT.withMaxTime(Duration.ofSeconds(2)));

        assertEquals(StopReason.MAX_TIME, measurement.stopReason());
        assertEquals(100, measurement.stats().runs()); // 50 pairs of 10 + 30 ms fill the 2 s
        assertFalse(measurement.stats().targetReached());
        assertEquals(2000.0, measurement.timedMs(), EPS);
    }

    @Test
    void maxTimeWinsOverMinRunsAndThenTheTargetIsNotReached() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 20 * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0),
                NO_WARMUP.withMaxTime(Duration.ofMillis(500)), MINIMUM_ONLY, () -> false);

        assertEquals(StopReason.MAX_TIME, measurement.stopReason());
        assertEquals(25, measurement.stats().runs());
        assertEquals(0.0, measurement.stats().ciHalfWidthRel());
        assertFalse(measurement.stats().targetReached(), "25 runs are fewer than min_runs = 50");
    }

    @Test
    void fastRunsWarmUpUntilTheMinimumTime() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0), TimingPlan.DEFAULT);

        assertEquals(200, measurement.warmupRuns()); // 10 runs are only 10 ms: 0.2 s needs 200
        assertEquals(200.0, measurement.warmupMs(), EPS);
    }

    @Test
    void slowRunsWarmUpUntilTheMinimumCount() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 50 * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0), TimingPlan.DEFAULT); // minimum only

        assertEquals(10, measurement.warmupRuns()); // 0.2 s is reached after 4 runs; the count still wins
        assertEquals(500.0, measurement.warmupMs(), EPS);
        assertEquals(WarmupOutcome.BUDGET_EXHAUSTED, measurement.warmupOutcome(), "10 runs are too few to judge");
    }

    @Test
    void aConstantSeriesIsSteadyOnceThreeWindowsOfTenRunsExist() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 50 * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT,
                () -> false);

        assertEquals(30, measurement.warmupRuns()); // the minimum (10 runs) is met first
        assertEquals(WarmupOutcome.STEADY, measurement.warmupOutcome());
        assertEquals(1500.0, measurement.warmupMs(), EPS);
    }

    @Test
    void warmupStopsWhenItHasUsedMaxTime() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 300 * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0),
                TimingPlan.DEFAULT.withMaxTime(Duration.ofSeconds(1)));

        assertEquals(4, measurement.warmupRuns()); // 1.2 s >= 1 s, although 10 runs were asked for
        assertEquals(WarmupOutcome.BUDGET_EXHAUSTED, measurement.warmupOutcome());
        assertEquals(4, measurement.stats().runs());
    }

    @Test
    void buildFirstRunAndWarmupAreTimedApart() {
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> run == 0 ? 40 * MS : 5 * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 123 * MS), TimingPlan.DEFAULT);

        assertEquals(123.0, measurement.buildMs(), EPS);
        assertEquals(40.0, measurement.firstRunMs(), EPS);
        assertEquals(40, measurement.warmupRuns());
        assertEquals(200.0, measurement.warmupMs(), EPS);
        assertEquals(5.0, measurement.stats().maxMs(), EPS, "the slow first run must not be a sample");
    }

    @Test
    void keptSamplesAreExactlyTheTimedRunsInRunOrder() {
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> (run + 1) * MS);
        Measurement measurement = harness.measure(builderOf(candidate, 0),
                NO_WARMUP.withRuns(60, 60).withKeepSamples(true), MINIMUM_ONLY, () -> false);

        List<Double> expected = new ArrayList<>();
        for (int run = 1; run <= 60; run++) { // run 0 is the first run, timed apart
            expected.add((run + 1) * 1.0);
        }
        assertEquals(60, measurement.stats().runs());
        assertEquals(expected, measurement.stats().samplesMs());
        assertFalse(measurement.stationarity().stationary(), "a steady climb is no level: flagged, not averaged");
    }

    @Test
    void keptWarmupSamplesAreTheWarmupRunsInOrderAndOnlyWhenAsked() {
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> (run + 1) * MS);
        TimingPlan plan = TimingPlan.DEFAULT.withWarmup(12, Duration.ZERO).withRuns(5, 5);
        Measurement kept = harness.measure(builderOf(candidate, 0), plan.withKeepSamples(true), MINIMUM_ONLY,
                () -> false);

        List<Double> expected = new ArrayList<>();
        for (int run = 1; run <= kept.warmupRuns(); run++) { // run 0 is the first run, timed apart
            expected.add((run + 1) * 1.0);
        }
        assertEquals(12, kept.warmupRuns());
        assertEquals(expected, kept.warmupSamplesMs());
        assertEquals(14.0, kept.stats().samplesMs().get(0), EPS, "the timed runs follow the warm-up's");

        Measurement notKept = harness.measure(builderOf(ScriptedCandidate.constant(clock, MS), 0), plan,
                MINIMUM_ONLY, () -> false);
        assertEquals(List.of(), notKept.warmupSamplesMs());
    }

    @Test
    void stopsAtTheFirstScheduledCheckThatMeetsThePrecision() {
        Random random = new Random(7);
        long[] durations = new long[5001];
        for (int run = 0; run < durations.length; run++) {
            durations[run] = Math.round((10 + 0.5 * random.nextGaussian()) * MS); // CV 5%
        }
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> durations[run]);
        Measurement measurement = harness.measure(builderOf(candidate, 0), NO_WARMUP, MINIMUM_ONLY, () -> false);

        long[] timed = Arrays.copyOfRange(durations, 1, durations.length); // run 0 is the first run
        int expected = firstScheduledCountMeetingPrecision(timed, 50, 0.01);
        assertTrue(expected > StoppingRule.CHECK_EVERY_RUN_BELOW, "the scenario must reach sparse checks");
        assertEquals(expected, measurement.stats().runs());
        assertTrue(measurement.stats().targetReached());
        assertTrue(measurement.stats().ciHalfWidthRel() <= 0.01);
        assertEquals(StopReason.PRECISION_REACHED, measurement.stopReason());
    }

    @Test
    void candidateIsClosedWhenRunThrowsDuringWarmup() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, MS).failingAt(3);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> harness.measure(builderOf(candidate, 0), TimingPlan.DEFAULT));
        assertEquals("scripted failure at run 3", e.getMessage());
        assertEquals(1, candidate.closes());
    }

    @Test
    void candidateIsClosedWhenRunThrowsDuringTimedRuns() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, MS).failingAt(20);
        assertThrows(IllegalStateException.class,
                () -> harness.measure(builderOf(candidate, 0), NO_WARMUP, MINIMUM_ONLY, () -> false));
        assertEquals(20, candidate.runs());
        assertEquals(1, candidate.closes());
    }

    @Test
    void cancellationDuringWarmupClosesTheCandidate() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, MS);
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> harness.measure(builderOf(candidate, 0), TimingPlan.DEFAULT, () -> candidate.runs() >= 5));

        assertEquals(MeasurementPhase.WARMUP, e.phase());
        assertEquals(4, e.completedRuns()); // the first run, then 4 warm-up runs
        assertEquals("measurement cancelled during warm-up after 4 runs", e.getMessage());
        assertEquals(5, candidate.runs());
        assertEquals(1, candidate.closes());
    }

    @Test
    void cancellationDuringTimedRunsClosesTheCandidate() {
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 50 * MS); // exactly 10 warm-up runs
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> harness.measure(builderOf(candidate, 0), TimingPlan.DEFAULT,
                        () -> candidate.runs() >= 1 + 10 + 20));

        assertEquals(MeasurementPhase.TIMED, e.phase());
        assertEquals(20, e.completedRuns());
        assertEquals(1, candidate.closes());
    }

    @Test
    void cancellationBeforeBuildNeverBuilds() {
        AtomicBoolean built = new AtomicBoolean();
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> harness.measure(() -> {
                    built.set(true);
                    return ScriptedCandidate.constant(clock, MS);
                }, TimingPlan.DEFAULT, () -> true));

        assertEquals(MeasurementPhase.BUILD, e.phase());
        assertFalse(built.get());
    }

    @Test
    void cancellationDuringBuildClosesTheBuiltCandidateWithoutRunningIt() {
        AtomicBoolean cancel = new AtomicBoolean();
        ScriptedCandidate candidate = ScriptedCandidate.constant(clock, MS);
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> harness.measure(() -> {
                    cancel.set(true); // the deadline passes while the engine builds
                    return candidate;
                }, TimingPlan.DEFAULT, cancel::get));

        assertEquals(MeasurementPhase.BUILD, e.phase());
        assertEquals(0, candidate.runs());
        assertEquals(1, candidate.closes());
    }

    @Test
    void threadInterruptCancelsLikeTheFlag() {
        ScriptedCandidate candidate = new ScriptedCandidate(clock, run -> {
            if (run == 30) {
                Thread.currentThread().interrupt(); // as Future.cancel(true) would
            }
            return MS;
        });
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> harness.measure(builderOf(candidate, 0), NO_WARMUP, MINIMUM_ONLY, () -> false));

        assertEquals(MeasurementPhase.TIMED, e.phase());
        assertEquals(30, e.completedRuns());
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag belongs to the caller");
        assertEquals(1, candidate.closes());
    }

    @Test
    void checkedBuilderFailureBecomesAnEngineException() {
        Exception cause = new java.io.IOException("model file missing");
        EngineException e = assertThrows(EngineException.class,
                () -> harness.measure(() -> {
                    throw cause;
                }, TimingPlan.DEFAULT));
        assertEquals("building the candidate failed: model file missing", e.getMessage());
        assertSame(cause, e.getCause());
    }

    @Test
    void interruptedBuilderIsACancellation() {
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> harness.measure(() -> {
                    throw new InterruptedException();
                }, TimingPlan.DEFAULT));
        assertEquals(MeasurementPhase.BUILD, e.phase());
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void uncheckedBuilderFailurePropagatesUnchanged() {
        EngineException failure = new EngineException("onnxruntime refused the graph");
        assertSame(failure, assertThrows(EngineException.class, () -> harness.measure(() -> {
            throw failure;
        }, TimingPlan.DEFAULT)));
    }

    @Test
    void nullCandidateIsReported() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> harness.measure(() -> null, TimingPlan.DEFAULT));
        assertEquals("the builder returned null instead of a Candidate", e.getMessage());
    }

    /** A builder that takes {@code buildNanos} of scripted time. */
    private Callable<Candidate> builderOf(ScriptedCandidate candidate, long buildNanos) {
        return () -> {
            clock.advance(buildNanos);
            return candidate;
        };
    }

    /** The stopping rule replayed on its schedule: every run below 100 samples, then every 5%. */
    private static int firstScheduledCountMeetingPrecision(long[] samples, int minRuns, double precision) {
        for (int n = minRuns; n <= samples.length; n = StoppingRule.nextCheck(n)) {
            long[] sorted = Arrays.copyOf(samples, n);
            Arrays.sort(sorted);
            if (LatencyStatistics.relativeHalfWidth(sorted, n) <= precision) {
                return n;
            }
        }
        throw new AssertionError("precision never met in " + samples.length + " samples");
    }
}
