package dev.latm.runtime.timing;

import static dev.latm.runtime.timing.FakeClock.MS;
import static dev.latm.runtime.timing.ScriptedCandidate.noisy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.runtime.Candidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InterleavedRunnerTest {

    private final FakeClock clock = new FakeClock();
    private final Random noise = new Random(30);
    private final InterleavedRunner runner = new InterleavedRunner(clock, JitCompilationTime.NONE, new Random(31));
    private final ScriptedCandidate reference = noisy(clock, noise, 2 * MS, 0.01);
    /** Every candidate a job built, by job index. */
    private final Map<Integer, ScriptedCandidate> built = new TreeMap<>();
    /** What happened, in order: "build 3", "done 3", "failed 3". */
    private final List<String> events = new ArrayList<>();
    private final Map<Integer, Measurement> results = new TreeMap<>();
    private final Map<Integer, RuntimeException> failures = new TreeMap<>();

    private final InterleavedListener listener = new InterleavedListener() {
        @Override
        public void completed(int index, Measurement measurement) {
            assertEquals(1, built.get(index).closes(), "closed before it is reported");
            events.add("done " + index);
            results.put(index, measurement);
        }

        @Override
        public void failed(int index, RuntimeException failure) {
            events.add("failed " + index);
            failures.put(index, failure);
        }
    };

    @AfterEach
    void everyBuiltCandidateIsClosedExactlyOnceAndTheReferenceNever() {
        Thread.interrupted();
        built.forEach((index, candidate) -> assertEquals(1, candidate.closes(), "job " + index));
        assertEquals(0, reference.closes());
    }

    @Test
    void resultsStreamInCompletionOrder() {
        // the noisier a candidate, the more rounds its CI needs: CV 10% (~600), 1% (50), 4% (~100)
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.10), job(1, 3 * MS, 0.01), job(2, 5 * MS, 0.04));
        runner.run(jobs, Optional.of(reference), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, new InterleavePlan(3, 100),
                listener, () -> false);

        assertEquals(List.of("build 0", "build 1", "build 2", "done 1", "done 2", "done 0"), events);
        assertEquals(2.0, results.get(0).relative().orElseThrow().median(), 0.04);
        assertEquals(1.5, results.get(1).relative().orElseThrow().median(), 0.015);
        assertEquals(2.5, results.get(2).relative().orElseThrow().median(), 0.025);
        results.values().forEach(m -> assertEquals(StopReason.PRECISION_REACHED, m.stopReason()));
        assertTrue(results.get(0).stats().runs() > results.get(2).stats().runs());
    }

    @Test
    void theNextJobEntersWhenOneLeaves() {
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.08), job(1, 3 * MS, 0.005), job(2, 5 * MS, 0.005),
                job(3, 5 * MS, 0.005));
        runner.run(jobs, Optional.of(reference), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, new InterleavePlan(2, 100),
                listener, () -> false);

        assertEquals(List.of("build 0", "build 1", "done 1", "build 2", "done 2", "build 3", "done 3", "done 0"),
                events);
    }

    @Test
    void oneAtATimeIsAWindowOfOne() {
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.08), job(1, 3 * MS, 0.005), job(2, 5 * MS, 0.02));
        runner.run(jobs, Optional.of(reference), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT,
                InterleavePlan.ONE_AT_A_TIME, listener, () -> false);

        assertEquals(List.of("build 0", "done 0", "build 1", "done 1", "build 2", "done 2"), events);
    }

    @Test
    void theCostLimitBoundsTheWindowAndJobsKeepTheirOrder() {
        // limit 10: 6 + 6 does not fit, so job 1 waits for job 0, and job 2 (3, which would fit) waits
        // behind job 1; a lone job over the limit (20) is measured alone
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.005, 6), job(1, 3 * MS, 0.005, 6),
                job(2, 5 * MS, 0.005, 3), job(3, 5 * MS, 0.005, 20));
        runner.run(jobs, Optional.of(reference), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, new InterleavePlan(4, 10),
                listener, () -> false);

        assertEquals(List.of("build 0", "done 0", "build 1", "build 2"), events.subList(0, 4));
        assertEquals(List.of("build 3", "done 3"), events.subList(6, 8));
        assertEquals(4, results.size());
    }

    @Test
    void eachRoundHasAFreshRandomOrder() {
        List<String> log = new ArrayList<>();
        ScriptedCandidate loggedReference = ScriptedCandidate.constant(clock, 2 * MS).logging("R", log);
        List<InterleavedJob> jobs = List.of(
                logged(0, "A", log), logged(1, "B", log));
        runner.run(jobs, Optional.of(loggedReference), TimingPlan.DEFAULT.withRuns(60, 60),
                WarmupPolicy.DEFAULT.withBudget(Duration.ZERO),
                new InterleavePlan(2, 100), listener, () -> false);

        // the last 60 rounds are the timed ones: three runs each, every order of A, B, R drawn
        List<String> timed = log.subList(log.size() - 180, log.size());
        Set<String> orders = new HashSet<>();
        for (int round = 0; round < 60; round++) {
            List<String> runs = timed.subList(3 * round, 3 * round + 3);
            assertEquals(Set.of("A", "B", "R"), Set.copyOf(runs), "round " + round);
            orders.add(String.join("", runs));
        }
        assertEquals(6, orders.size(), "all 3! orders appear over 60 seeded rounds: " + orders);
        assertEquals(0, loggedReference.closes());
    }

    @Test
    void eachRatioIsAgainstTheReferenceOfTheSameRoundSoDeviceDriftCancels() {
        ScriptedDevice device = ScriptedDevice.slowingDown(clock, 1_000 * MS, 1.3);
        ScriptedCandidate onDevice = noisy(clock, noise, 2 * MS, 0.02).on(device);
        Measurement calibration = new TimingHarness(clock, JitCompilationTime.NONE).measureBuilt(onDevice,
                TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, () -> false);
        List<InterleavedJob> jobs = List.of(onDevice(0, 4 * MS, device), onDevice(1, 6 * MS, device));
        runner.run(jobs, Optional.of(onDevice), TimingPlan.DEFAULT.withRuns(300, 300), WarmupPolicy.DEFAULT,
                new InterleavePlan(2, 100), listener, () -> false);

        double baseline = calibration.stats().medianMs();
        assertEquals(4.0, results.get(0).relative().orElseThrow().median() * baseline, 0.02 * 4.0);
        assertEquals(6.0, results.get(1).relative().orElseThrow().median() * baseline, 0.02 * 6.0);
        assertTrue(results.get(0).stats().medianMs() > 4.4, "the raw median moved with the device");
        assertEquals(0, onDevice.closes());
    }

    @Test
    void withoutAReferenceEachCandidateIsJudgedOnItsOwnTimes() {
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.01), job(1, 3 * MS, 0.01));
        runner.run(jobs, Optional.empty(), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, new InterleavePlan(2, 100),
                listener, () -> false);

        assertTrue(results.get(0).relative().isEmpty());
        assertEquals(4.0, results.get(0).stats().medianMs(), 0.04);
        assertEquals(3.0, results.get(1).stats().medianMs(), 0.03);
    }

    @Test
    void aFailingBuildOrRunFailsThatJobAloneAndTheOthersGoOn() {
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.01),
                new InterleavedJob(() -> {
                    throw new java.io.IOException("no such model");
                }, 1),
                failingJob(2, 3 * MS, 60), job(3, 5 * MS, 0.01)); // warm-up ends ~40 runs in
        runner.run(jobs, Optional.of(reference), TimingPlan.DEFAULT.withPrecision(0.002), WarmupPolicy.DEFAULT,
                new InterleavePlan(3, 100), listener, () -> false);

        assertEquals(Set.of(0, 3), results.keySet());
        assertEquals("building the candidate failed: no such model", failures.get(1).getMessage());
        assertEquals("scripted failure at run 60", failures.get(2).getMessage());
    }

    @Test
    void aCancelledJobLeavesAloneAndAJobCancelledBeforeItsTurnIsNeverBuilt() {
        AtomicBoolean cancelFirst = new AtomicBoolean();
        List<InterleavedJob> jobs = List.of(
                new InterleavedJob(builder(0, run -> {
                    cancelFirst.set(run >= 60); // its warm-up ends ~35 runs in
                    return Noise.noisyNanos(noise, 4 * MS, 0.02);
                }), 1, cancelFirst::get),
                job(1, 3 * MS, 0.01),
                new InterleavedJob(builder(2, run -> MS), 1, () -> true));
        runner.run(jobs, Optional.of(reference), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, new InterleavePlan(1, 100),
                listener, () -> false);

        MeasurementCancelledException cancelled = assertInstanceOf(MeasurementCancelledException.class,
                failures.get(0));
        assertEquals(MeasurementPhase.TIMED, cancelled.phase());
        assertEquals(Set.of(1), results.keySet());
        assertInstanceOf(MeasurementCancelledException.class, failures.get(2));
        assertFalse(built.containsKey(2), "a job cancelled before it enters is never built");
    }

    @Test
    void cancellingTheRunClosesEveryCandidateAndBuildsNoMore() {
        // a 0.2% precision keeps jobs 0 and 1 in the window for thousands of rounds
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.03), job(1, 3 * MS, 0.03), job(2, 3 * MS, 0.01));
        long start = clock.nanoTime();
        BooleanSupplier afterTwoSeconds = () -> clock.nanoTime() - start > 2_000 * MS;
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> runner.run(jobs, Optional.of(reference), TimingPlan.DEFAULT.withPrecision(0.002),
                        WarmupPolicy.DEFAULT, new InterleavePlan(2, 100), listener, afterTwoSeconds));
        assertEquals(MeasurementPhase.TIMED, e.phase());

        assertEquals(Set.of(0, 1), built.keySet());
        assertTrue(results.isEmpty() && failures.isEmpty(), "nothing is reported for a cancelled run");
    }

    @Test
    void anInterruptCancelsTheRunDuringAWarmup() {
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.01), new InterleavedJob(builder(1, run -> {
            if (run == 5) {
                Thread.currentThread().interrupt(); // as Future.cancel(true) would
            }
            return 3 * MS;
        }), 1));
        MeasurementCancelledException e = assertThrows(MeasurementCancelledException.class,
                () -> runner.run(jobs, Optional.of(reference), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT,
                        new InterleavePlan(2, 100), listener, () -> false));

        assertEquals(MeasurementPhase.WARMUP, e.phase());
        assertTrue(Thread.currentThread().isInterrupted());
        assertEquals(Set.of(0, 1), built.keySet());
    }

    @Test
    void aFailingReferenceEndsTheRunAndClosesEveryCandidate() {
        ScriptedCandidate failingReference = ScriptedCandidate.constant(clock, 2 * MS).failingAt(500);
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.10), job(1, 3 * MS, 0.10));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(jobs,
                Optional.of(failingReference), TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, new InterleavePlan(2, 100),
                listener, () -> false));

        assertEquals("scripted failure at run 500", e.getMessage());
        assertEquals(0, failingReference.closes());
    }

    @Test
    void anErrorEndsTheRunWhereverItHappensAndLeaksNothing() {
        for (int errAt : new int[] {0, 20, 60}) { // first run, warm-up, timed rounds (warm-up ends ~40 in)
            built.clear();
            int at = errAt;
            List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.10), new InterleavedJob(() -> {
                ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 3 * MS).erringAt(at);
                built.put(1, candidate);
                return candidate;
            }, 1));
            AssertionError e = assertThrows(AssertionError.class, () -> runner.run(jobs, Optional.of(reference),
                    TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, new InterleavePlan(2, 100), listener, () -> false));
            assertEquals("scripted error at run " + errAt, e.getMessage());
            built.forEach((index, candidate) -> assertEquals(1, candidate.closes(),
                    "job " + index + ", error at run " + at));
        }
    }

    @Test
    void aListenerThatThrowsEndsTheRunAndLeaksNothing() {
        RuntimeException boom = new IllegalStateException("client went away");
        InterleavedListener throwing = new InterleavedListener() {
            @Override
            public void completed(int index, Measurement measurement) {
                throw boom;
            }

            @Override
            public void failed(int index, RuntimeException failure) {
                throw boom;
            }
        };
        List<InterleavedJob> jobs = List.of(job(0, 4 * MS, 0.10), job(1, 3 * MS, 0.005), job(2, 3 * MS, 0.01));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> runner.run(jobs, Optional.of(reference),
                TimingPlan.DEFAULT, WarmupPolicy.DEFAULT, new InterleavePlan(2, 100), throwing, () -> false)));
        assertEquals(Set.of(0, 1), built.keySet());
    }

    @Test
    void badPlansAreRejected() {
        assertEquals("interleave must be >= 1 (got 0)",
                assertThrows(IllegalArgumentException.class, () -> new InterleavePlan(0, 1)).getMessage());
        assertEquals("interleave_cost_limit must be >= 0 (got -1)",
                assertThrows(IllegalArgumentException.class, () -> new InterleavePlan(1, -1)).getMessage());
        assertEquals("cost must be >= 0 (got -5)", assertThrows(IllegalArgumentException.class,
                () -> new InterleavedJob(() -> reference, -5)).getMessage());
    }

    private InterleavedJob job(int index, long nanos, double cv) {
        return job(index, nanos, cv, 1);
    }

    private InterleavedJob job(int index, long nanos, double cv, long cost) {
        return new InterleavedJob(builder(index, run -> Noise.noisyNanos(noise, nanos, cv)), cost);
    }

    /** A job of constant {@code nanos} runs whose run number {@code failAt} throws. */
    private InterleavedJob failingJob(int index, long nanos, int failAt) {
        return new InterleavedJob(() -> {
            events.add("build " + index);
            ScriptedCandidate candidate = ScriptedCandidate.constant(clock, nanos).failingAt(failAt);
            built.put(index, candidate);
            return candidate;
        }, 1);
    }

    private Callable<Candidate> builder(int index, IntToLongFunction nanosOfRun) {
        return () -> {
            events.add("build " + index);
            ScriptedCandidate candidate = new ScriptedCandidate(clock, nanosOfRun);
            built.put(index, candidate);
            return candidate;
        };
    }

    private InterleavedJob logged(int index, String name, List<String> log) {
        return new InterleavedJob(() -> {
            ScriptedCandidate candidate = ScriptedCandidate.constant(clock, 3 * MS).logging(name, log);
            built.put(index, candidate);
            return candidate;
        }, 1);
    }

    private InterleavedJob onDevice(int index, long nanos, ScriptedDevice device) {
        return new InterleavedJob(() -> {
            ScriptedCandidate candidate = noisy(clock, noise, nanos, 0.02).on(device);
            built.put(index, candidate);
            return candidate;
        }, 1);
    }
}
