package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
import dev.latm.runtime.EngineException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Measures LAT(m) of any {@link Candidate}, whatever engine built it: build, first run, warm-up until
 * the steady state ({@link WarmupPolicy}), then timed runs until the median is known to the plan's
 * precision (see {@link TimingPlan}), checked for a level shift before it is reported
 * ({@link Stationarity}). Anchored, the candidate alternates with a reference network and the result
 * also holds the median ratio between the two ({@link Relative}), which a drifting device cannot move.
 *
 * <p>Only {@link Candidate#run()} is timed, one {@link Clock#nanoTime()} pair per run, into buffers
 * allocated before the candidate is built. Nothing is allocated, logged or sorted between the two clock
 * readings; the stopping rule, cancellation checks and time budget are evaluated between runs (rounds,
 * when anchored).
 *
 * <p>The harness owns the candidate it builds and closes it on every path: success, an exception from
 * the candidate, and cancellation. It never closes a candidate it was given (a reference, a candidate
 * to calibrate). It holds no state between measurements, so one instance may serve several threads;
 * never run two measurements on one device at once, though, or they time each other.
 */
public final class TimingHarness {

    private final Clock clock;
    private final JitCompilationTime jit;

    /**
     * @param clock times every run
     * @param jit   the JVM's compilation time, watched during the warm-up of JIT-compiled candidates
     */
    public TimingHarness(Clock clock, JitCompilationTime jit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jit = Objects.requireNonNull(jit, "jit");
    }

    /** A harness on {@code clock} that watches this JVM's JIT ({@link JitCompilationTime#SYSTEM}). */
    public TimingHarness(Clock clock) {
        this(clock, JitCompilationTime.SYSTEM);
    }

    /** A harness on {@link Clock#SYSTEM} and {@link JitCompilationTime#SYSTEM}. */
    public TimingHarness() {
        this(Clock.SYSTEM);
    }

    /** {@link #measure(Callable, TimingPlan, BooleanSupplier)} that is never cancelled. */
    public Measurement measure(Callable<? extends Candidate> builder, TimingPlan plan) {
        return measure(builder, plan, () -> false);
    }

    /**
     * {@link #measure(Callable, TimingPlan, WarmupPolicy, BooleanSupplier)} with the warm-up latm had
     * before steady-state detection, {@link WarmupPolicy#MINIMUM_ONLY}, so that callers written for it
     * keep their cost until they choose a policy ({@link WarmupPolicy#DEFAULT} waits for the steady
     * state).
     */
    public Measurement measure(Callable<? extends Candidate> builder, TimingPlan plan, BooleanSupplier cancelled) {
        return measure(builder, plan, WarmupPolicy.MINIMUM_ONLY, cancelled);
    }

    /**
     * Builds a candidate, measures it alone and closes it.
     *
     * @param builder   creates the candidate (e.g. {@code () -> engine.build(architecture, options)});
     *                  its time is reported as {@code buildMs}
     * @param warmup    when the warm-up is over
     * @param cancelled polled between runs (and before and after the build); when it returns true, or the
     *                  thread is interrupted, the measurement stops. Must be cheap and non-blocking
     * @throws MeasurementCancelledException when cancelled; the candidate has been closed
     * @throws EngineException               when the builder throws a checked exception; unchecked ones
     *                                       from the builder or the candidate propagate unchanged
     */
    public Measurement measure(Callable<? extends Candidate> builder, TimingPlan plan, WarmupPolicy warmup,
                               BooleanSupplier cancelled) {
        return buildAndMeasure(builder, null, plan, warmup, AnchorPlan.ABBA, cancelled);
    }

    /**
     * Builds a candidate, measures it in alternation with {@code reference} and closes it (the
     * reference stays open: it belongs to the caller, who keeps it warm between measurements). The
     * stopping rule and the stationarity test then apply to the per-pair ratios, and the result
     * carries {@link Measurement#relative()}; {@code min_runs} and {@code max_runs} count pairs, and
     * {@code max_time} covers the reference's runs too.
     *
     * @param reference an open candidate of the reference network, built by the caller; its runs must
     *                  take time on the harness's clock (ratios divide by them)
     * @param anchor    how candidate and reference runs alternate
     * @see #measure(Callable, TimingPlan, WarmupPolicy, BooleanSupplier)
     */
    public Measurement measureAnchored(Callable<? extends Candidate> builder, Candidate reference, TimingPlan plan,
                                       WarmupPolicy warmup, AnchorPlan anchor, BooleanSupplier cancelled) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(anchor, "anchor");
        return buildAndMeasure(builder, reference, plan, warmup, anchor, cancelled);
    }

    /**
     * Measures a candidate the caller built and still owns, alone, and leaves it open: how a device
     * calibrates its reference network (the baseline that relative results are multiplied by).
     * {@code buildMs} is 0; {@code firstRunMs} is this measurement's first run, which for a candidate
     * already run before is no cold start.
     *
     * @throws MeasurementCancelledException when cancelled
     */
    public Measurement measureBuilt(Candidate candidate, TimingPlan plan, WarmupPolicy warmup,
                                    BooleanSupplier cancelled) {
        Objects.requireNonNull(candidate, "candidate");
        checkArguments(plan, warmup, cancelled);
        return measureOpen(candidate, null, plan, warmup, AnchorPlan.ABBA, cancelled, 0);
    }

    private Measurement buildAndMeasure(Callable<? extends Candidate> builder, Candidate reference, TimingPlan plan,
                                        WarmupPolicy warmup, AnchorPlan anchor, BooleanSupplier cancelled) {
        Objects.requireNonNull(builder, "builder");
        checkArguments(plan, warmup, cancelled);
        Cancellation.check(cancelled, MeasurementPhase.BUILD, 0);
        long buildStart = clock.nanoTime();
        try (Candidate candidate = build(builder)) {
            long buildNanos = clock.nanoTime() - buildStart;
            Cancellation.check(cancelled, MeasurementPhase.BUILD, 0);
            return measureOpen(candidate, reference, plan, warmup, anchor, cancelled, buildNanos);
        }
    }

    private Measurement measureOpen(Candidate candidate, Candidate reference, TimingPlan plan, WarmupPolicy warmup,
                                    AnchorPlan anchor, BooleanSupplier cancelled, long buildNanos) {
        RunOrder order = reference == null
                ? RunOrder.alone(clock, candidate) : RunOrder.anchored(clock, candidate, reference, anchor);
        // Allocated (and zeroed, so its pages are touched) before any run, never inside the timed loop.
        TimedSeries series = new TimedSeries(plan, order.anchored());
        Warmup.Result warm = new Warmup(clock, jit).run(candidate, order, plan, warmup, cancelled);

        long[] candidateNanos = new long[order.pairsPerRound()];
        long[] referenceNanos = new long[order.pairsPerRound()];
        long phaseStart = clock.nanoTime();
        for (int round = 0; ; round++) {
            Cancellation.check(cancelled, MeasurementPhase.TIMED, series.taken());
            int pairs = Math.min(order.pairsPerRound(), series.remaining());
            long end = order.round(round, pairs, candidateNanos, referenceNanos);
            for (int i = 0; i < pairs; i++) {
                series.add(candidateNanos[i], referenceNanos[i]);
            }
            StopReason stop = series.stopReason(end - phaseStart);
            if (stop != null) {
                return series.measurement(buildNanos, warm, clock.nanoTime() - phaseStart, stop);
            }
        }
    }

    /**
     * Calls the builder: checked failures become an {@link EngineException}, an interrupted build a
     * cancellation, and a null candidate an error that says so.
     */
    static Candidate build(Callable<? extends Candidate> builder) {
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

    private static void checkArguments(TimingPlan plan, WarmupPolicy warmup, BooleanSupplier cancelled) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(cancelled, "cancelled");
    }
}
