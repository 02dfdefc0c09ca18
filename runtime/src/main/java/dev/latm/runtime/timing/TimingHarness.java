package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
import dev.latm.runtime.EngineException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Measures LAT(m) of any {@link Candidate}, whatever engine built it: build, first run, warm-up, then
 * timed runs until the median is known to the plan's precision (see {@link TimingPlan}).
 *
 * <p>Only {@link Candidate#run()} is timed, one {@link Clock#nanoTime()} pair per run, into a
 * {@code long[max_runs]} allocated before the candidate is built. Nothing is allocated, logged or
 * sorted between the two clock readings; the stopping rule, cancellation checks and time budget are
 * evaluated between runs.
 *
 * <p>The harness owns the candidate it builds and closes it on every path: success, an exception from
 * the candidate, and cancellation. It holds no state between measurements, so one instance may serve
 * several threads; never run two measurements on one device at once, though, or they time each other.
 */
public final class TimingHarness {

    private static final double NANOS_PER_MILLI = 1e6;

    private final Clock clock;

    public TimingHarness(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A harness on {@link Clock#SYSTEM}. */
    public TimingHarness() {
        this(Clock.SYSTEM);
    }

    /** {@link #measure(Callable, TimingPlan, BooleanSupplier)} that is never cancelled. */
    public Measurement measure(Callable<? extends Candidate> builder, TimingPlan plan) {
        return measure(builder, plan, () -> false);
    }

    /**
     * Builds a candidate, measures it and closes it.
     *
     * @param builder   creates the candidate (e.g. {@code () -> engine.build(architecture, options)});
     *                  its time is reported as {@code buildMs}
     * @param cancelled polled between runs (and before and after the build); when it returns true, or the
     *                  thread is interrupted, the measurement stops. Must be cheap and non-blocking
     * @throws MeasurementCancelledException when cancelled; the candidate has been closed
     * @throws EngineException               when the builder throws a checked exception; unchecked ones
     *                                       from the builder or the candidate propagate unchanged
     */
    public Measurement measure(Callable<? extends Candidate> builder, TimingPlan plan, BooleanSupplier cancelled) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(cancelled, "cancelled");
        // Allocated (and zeroed, so its pages are touched) before any run, never inside the timed loop.
        long[] samples = new long[plan.maxRuns()];
        StoppingRule rule = new StoppingRule(plan);

        checkCancelled(cancelled, MeasurementPhase.BUILD, 0);
        long buildStart = clock.nanoTime();
        try (Candidate candidate = build(builder)) {
            long buildNanos = clock.nanoTime() - buildStart;
            checkCancelled(cancelled, MeasurementPhase.BUILD, 0);

            long firstStart = clock.nanoTime();
            candidate.run();
            long firstRunNanos = clock.nanoTime() - firstStart;

            long warmupStart = clock.nanoTime();
            int warmupRuns = warmUp(candidate, plan, cancelled);
            long warmupNanos = clock.nanoTime() - warmupStart;

            TimedRuns timed = timedRuns(candidate, plan, rule, samples, cancelled);
            return new Measurement(LatencyStatistics.of(samples, timed.runs(), plan),
                    millis(buildNanos), millis(firstRunNanos), millis(warmupNanos), warmupRuns,
                    millis(timed.elapsedNanos()), timed.stopReason());
        }
    }

    /** Untimed runs until both minimums are met, or the max_time budget is spent; returns the count. */
    private int warmUp(Candidate candidate, TimingPlan plan, BooleanSupplier cancelled) {
        long minNanos = plan.warmupMinNanos();
        long maxNanos = plan.maxTimeNanos();
        long start = clock.nanoTime();
        long elapsed = 0;
        int runs = 0;
        while ((runs < plan.warmupMinRuns() || elapsed < minNanos) && elapsed < maxNanos) {
            checkCancelled(cancelled, MeasurementPhase.WARMUP, runs);
            candidate.run();
            runs++;
            elapsed = clock.nanoTime() - start;
        }
        return runs;
    }

    private TimedRuns timedRuns(Candidate candidate, TimingPlan plan, StoppingRule rule, long[] samples,
                                BooleanSupplier cancelled) {
        int maxRuns = plan.maxRuns();
        long maxNanos = plan.maxTimeNanos();
        int nextCheck = rule.firstCheck();
        int n = 0;
        long phaseStart = clock.nanoTime();
        while (true) {
            checkCancelled(cancelled, MeasurementPhase.TIMED, n);
            long start = clock.nanoTime();
            candidate.run();
            long end = clock.nanoTime();
            samples[n++] = end - start;

            if (n >= nextCheck) {
                if (rule.precisionReached(samples, n)) {
                    return new TimedRuns(n, clock.nanoTime() - phaseStart, StopReason.PRECISION_REACHED);
                }
                nextCheck = StoppingRule.nextCheck(n);
            }
            if (n == maxRuns) {
                return new TimedRuns(n, clock.nanoTime() - phaseStart, StopReason.MAX_RUNS);
            }
            if (end - phaseStart >= maxNanos) {
                return new TimedRuns(n, clock.nanoTime() - phaseStart, StopReason.MAX_TIME);
            }
        }
    }

    private static Candidate build(Callable<? extends Candidate> builder) {
        Candidate candidate;
        try {
            candidate = builder.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // keep the flag for the caller's own cancellation handling
            throw new MeasurementCancelledException(MeasurementPhase.BUILD, 0, e);
        } catch (Exception e) {
            throw new EngineException("building the candidate failed: " + e.getMessage(), e);
        }
        return Objects.requireNonNull(candidate, "the builder returned null instead of a Candidate");
    }

    /** Interruption counts as cancellation (Future.cancel(true)); the flag is left set for the caller. */
    private static void checkCancelled(BooleanSupplier cancelled, MeasurementPhase phase, int completedRuns) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new MeasurementCancelledException(phase, completedRuns, null);
        }
    }

    private static double millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }

    private record TimedRuns(int runs, long elapsedNanos, StopReason stopReason) {
    }
}
