package dev.latm.runtime.timing;

import java.util.Optional;

/**
 * The timed runs of one candidate, as they come: its run times and, when anchored, the reference's
 * and the per-pair ratios. Decides after each round whether the timed phase is over, and what the
 * result is. The series the decisions are about ("judged") is the run times, or the ratios when
 * anchored: the stopping rule applies to its median, the stationarity test to its level.
 *
 * <p>When the stopping rule is met but the judged series has a material level shift
 * ({@link ChangepointDetector}), the runs before the shift are dropped, as late warm-up, and the
 * series goes on from the shift until the rule is met again: once, and only while the budget lasts.
 * A shift that is found again, or found when the budget is spent, is reported, never averaged away.
 * All buffers are allocated up front; nothing here allocates between two runs.
 */
final class TimedSeries {
    private final TimingPlan plan;
    private final boolean anchored;
    private final long[] candidateNanos;
    private final long[] referenceNanos;
    /** The run times, or the ratios when anchored. */
    private final double[] judged;
    private final StoppingRule rule;
    private int kept;
    private int taken;
    private int discarded;
    private int nextCheck;
    private Optional<Changepoint> change = Optional.empty();

    TimedSeries(TimingPlan plan, boolean anchored) {
        this.plan = plan;
        this.anchored = anchored;
        this.candidateNanos = new long[plan.maxRuns()];
        this.referenceNanos = anchored ? new long[plan.maxRuns()] : null;
        this.judged = new double[plan.maxRuns()];
        this.rule = new StoppingRule(plan);
        this.nextCheck = rule.firstCheck();
    }

    /** Timed runs (pairs when anchored) that may still be taken within {@code max_runs}. */
    int remaining() {
        return plan.maxRuns() - taken;
    }

    /** Timed runs taken so far, discarded ones included. */
    int taken() {
        return taken;
    }

    /** Adds one timed run of the candidate, and the paired run of the reference when anchored. */
    void add(long candidate, long reference) {
        candidateNanos[kept] = candidate;
        if (anchored) {
            referenceNanos[kept] = reference;
            judged[kept] = candidate / (double) reference;
        } else {
            judged[kept] = candidate;
        }
        kept++;
        taken++;
    }

    /**
     * Whether the timed phase is over after the runs added so far, {@code elapsedNanos} into it.
     *
     * @return why it is over, or null to go on (also after a cut at a changepoint)
     */
    StopReason stopReason(long elapsedNanos) {
        StopReason stop = null;
        if (kept >= nextCheck) {
            if (rule.precisionReached(judged, kept)) {
                stop = StopReason.PRECISION_REACHED;
            } else {
                nextCheck = StoppingRule.nextCheck(kept);
            }
        }
        if (stop == null && taken == plan.maxRuns()) {
            stop = StopReason.MAX_RUNS;
        }
        if (stop == null && elapsedNanos >= plan.maxTimeNanos()) {
            stop = StopReason.MAX_TIME;
        }
        if (stop == null) {
            return null;
        }
        change = ChangepointDetector.material(judged, kept, plan.precision())
                .map(c -> new Changepoint(discarded + c.run(), c.shift(), c.pValue()));
        boolean budgetLeft = stop == StopReason.PRECISION_REACHED && taken < plan.maxRuns()
                && elapsedNanos < plan.maxTimeNanos();
        if (change.isPresent() && discarded == 0 && budgetLeft) {
            cutAt(change.get().run());
            return null;
        }
        return stop;
    }

    /** Drops the first {@code cut} runs, the first time a shift is found, and starts judging afresh. */
    private void cutAt(int cut) {
        kept -= cut;
        System.arraycopy(candidateNanos, cut, candidateNanos, 0, kept);
        System.arraycopy(judged, cut, judged, 0, kept);
        if (anchored) {
            System.arraycopy(referenceNanos, cut, referenceNanos, 0, kept);
        }
        discarded += cut;
        change = Optional.empty();
        rule.reset();
        nextCheck = Math.max(rule.firstCheck(), kept + 1);
    }

    /**
     * The result, once {@link #stopReason} has returned {@code stop}: statistics over the kept runs and
     * the verdict on their level.
     */
    Measurement measurement(long buildNanos, Warmup.Result warmup, long timedNanos, StopReason stop) {
        Optional<Relative> relative = anchored
                ? Optional.of(LatencyStatistics.relative(judged, referenceNanos, kept, plan)) : Optional.empty();
        return new Measurement(LatencyStatistics.of(candidateNanos, kept, plan), millis(buildNanos),
                millis(warmup.firstRunNanos()), millis(warmup.nanos()), warmup.runs(), warmup.outcome(),
                millis(timedNanos), stop, new Stationarity(change.isEmpty(), change, discarded), relative,
                warmup.samplesMs());
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
