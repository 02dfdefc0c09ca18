package dev.latm.runtime.timing;

import java.util.function.BooleanSupplier;

/**
 * The warm-up phase: untimed (as far as the result goes) rounds until the plan's minimum is met and
 * then until {@link SteadyState} finds the series settled, or the budget is spent. Each run is timed
 * all the same, because the steady-state rule judges the run times (or, anchored, the ratios).
 */
final class Warmup {

    /**
     * @param runs    candidate runs taken (the first run after build not included)
     * @param nanos   wall time of the phase
     * @param outcome how it ended
     */
    record Result(int runs, long nanos, WarmupOutcome outcome) {
    }

    private final Clock clock;
    private final JitCompilationTime jit;

    Warmup(Clock clock, JitCompilationTime jit) {
        this.clock = clock;
        this.jit = jit;
    }

    /**
     * Warms up until the minimum is met and the series is steady, or until the policy's budget (once
     * the minimum is met) or the plan's {@code max_time} (always) is spent.
     *
     * @param watchJit whether the JVM's compilation time must have settled too
     * @throws MeasurementCancelledException when cancelled between rounds
     */
    Result run(RunOrder order, TimingPlan plan, WarmupPolicy policy, boolean watchJit, BooleanSupplier cancelled) {
        SteadyState steadyState = new SteadyState(policy, plan.precision(), watchJit);
        long[] candidateNanos = new long[order.pairsPerRound()];
        long[] referenceNanos = new long[order.pairsPerRound()];
        long start = clock.nanoTime();
        long elapsed = 0;
        int runs = 0;
        int nextCheck = 0;
        for (int round = 0; ; round++) {
            boolean minimumMet = runs >= plan.warmupMinRuns() && elapsed >= plan.warmupMinNanos();
            boolean spent = elapsed >= plan.maxTimeNanos() || minimumMet && elapsed >= policy.budgetNanos();
            if (minimumMet && runs >= nextCheck || spent) {
                if (minimumMet && steadyState.steady()) {
                    return new Result(runs, clock.nanoTime() - start, WarmupOutcome.STEADY);
                }
                if (spent) {
                    return new Result(runs, clock.nanoTime() - start, WarmupOutcome.BUDGET_EXHAUSTED);
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
