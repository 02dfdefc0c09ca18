package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
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
     */
    record Result(long firstRunNanos, int runs, long nanos, WarmupOutcome outcome) {
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
        long start = clock.nanoTime();
        long elapsed = 0;
        int runs = 0;
        int nextCheck = 0;
        for (int round = 0; ; round++) {
            boolean minimumMet = runs >= plan.warmupMinRuns() && elapsed >= plan.warmupMinNanos();
            boolean spent = elapsed >= plan.maxTimeNanos() || (minimumMet && elapsed >= policy.budgetNanos());
            if ((minimumMet && runs >= nextCheck) || spent) {
                if (minimumMet && steadyState.steady()) {
                    return new Result(firstRunNanos, runs, clock.nanoTime() - start, WarmupOutcome.STEADY);
                }
                if (spent) {
                    return new Result(firstRunNanos, runs, clock.nanoTime() - start,
                            WarmupOutcome.BUDGET_EXHAUSTED);
                }
                nextCheck = steadyState.nextCheck(runs);
            }
            Cancellation.check(cancelled, MeasurementPhase.WARMUP, runs);
            int pairs = order.pairsPerRound();
            long end = order.round(round, pairs, candidateNanos, referenceNanos);
            long compiled = jit.totalMillis();
            for (int i = 0; i < pairs; i++) {
                double value = order.anchored() ? candidateNanos[i] / (double) referenceNanos[i] : candidateNanos[i];
                steadyState.add(value, end, compiled);
            }
            runs += pairs;
            elapsed = end - start;
        }
    }
}
