package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What comes between build and timed runs: the first run, timed apart (lazy initialisation shows up
 * there), then warm-up rounds until the plan's minimum is met and {@link SteadyState} finds the
 * series settled, or the budget is spent. Each warm-up run is timed all the same, because the
 * steady-state rule judges the run times (or, anchored, the ratios).
 */
final class Warmup {

    /**
     * @param firstRunNanos the first run after build
     * @param runs          warm-up runs of the candidate (the first run not included)
     * @param nanos         wall time of the warm-up rounds
     * @param outcome       how the warm-up ended
     * @param samplesMs     the candidate's warm-up runs in order (first run not included) when the plan
     *                      keeps samples, else empty
     */
    record Result(long firstRunNanos, int runs, long nanos, WarmupOutcome outcome, List<Double> samplesMs) {
    }

    private final Clock clock;
    private final JitCompilationTime jit;

    Warmup(Clock clock, JitCompilationTime jit) {
        this.clock = clock;
        this.jit = jit;
    }

    /**
     * Times the candidate's first run, then warms up until the minimum is met and the series is steady,
     * or until the policy's budget (once the minimum is met) or the plan's {@code max_time} (always) is
     * spent. The JVM's compilation time must have settled too when the candidate is
     * {@link Candidate#jitCompiled() JIT-compiled}.
     *
     * @throws MeasurementCancelledException when cancelled between rounds
     */
    Result run(Candidate candidate, RunOrder order, TimingPlan plan, WarmupPolicy policy, BooleanSupplier cancelled) {
        long firstStart = clock.nanoTime();
        candidate.run();
        long firstRunNanos = clock.nanoTime() - firstStart;

        SteadyState steadyState = new SteadyState(policy, plan.precision(), candidate.jitCompiled());
        long[] candidateNanos = new long[order.pairsPerRound()];
        long[] referenceNanos = new long[order.pairsPerRound()];
        // grown between rounds, never inside one: warm-up runs are judged, not reported, so a rare copy
        // between two of them costs nothing the result depends on
        long[] samples = plan.keepSamples() ? new long[256] : null;
        long start = clock.nanoTime();
        long elapsed = 0;
        int runs = 0;
        int nextCheck = 0;
        for (int round = 0; ; round++) {
            boolean minimumMet = runs >= plan.warmupMinRuns() && elapsed >= plan.warmupMinNanos();
            boolean spent = elapsed >= plan.maxTimeNanos() || (minimumMet && elapsed >= policy.budgetNanos());
            if ((minimumMet && runs >= nextCheck) || spent) {
                if (minimumMet && steadyState.steady()) {
                    return new Result(firstRunNanos, runs, clock.nanoTime() - start, WarmupOutcome.STEADY,
                            millis(samples, runs));
                }
                if (spent) {
                    return new Result(firstRunNanos, runs, clock.nanoTime() - start,
                            WarmupOutcome.BUDGET_EXHAUSTED, millis(samples, runs));
                }
                nextCheck = steadyState.nextCheck(runs);
            }
            Cancellation.check(cancelled, MeasurementPhase.WARMUP, runs);
            int pairs = order.pairsPerRound();
            long end = order.round(round, pairs, candidateNanos, referenceNanos);
            long compiled = jit.totalMillis();
            if (samples != null) {
                if (runs + pairs > samples.length) {
                    samples = Arrays.copyOf(samples, Math.max(2 * samples.length, runs + pairs));
                }
                System.arraycopy(candidateNanos, 0, samples, runs, pairs);
            }
            for (int i = 0; i < pairs; i++) {
                double value = order.anchored() ? candidateNanos[i] / (double) referenceNanos[i] : candidateNanos[i];
                steadyState.add(value, end, compiled);
            }
            runs += pairs;
            elapsed = end - start;
        }
    }

    private static List<Double> millis(long[] samples, int runs) {
        if (samples == null) {
            return List.of();
        }
        Double[] millis = new Double[runs];
        for (int i = 0; i < runs; i++) {
            millis[i] = samples[i] / 1e6;
        }
        return List.of(millis);
    }
}
