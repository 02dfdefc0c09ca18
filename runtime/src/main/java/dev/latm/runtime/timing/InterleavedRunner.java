package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Measures many candidates side by side: a window of up to {@link InterleavePlan#window()} built
 * candidates, plus the reference when there is one, timed round robin, one run each per round, in a
 * fresh random order every round. A device that drifts then drifts for all of them alike, and each
 * candidate's ratio is taken against the reference's run of the same round.
 *
 * <p>A candidate enters the window when there is room (count and {@link InterleavePlan#costLimit()}):
 * it is built, run once, and warmed up to the steady state alone (alternating with the reference,
 * ABBA, when there is one), while the others wait. It leaves as soon as its own series meets the
 * plan: the CI of its median ratio (of its median run time without a reference) within the
 * precision, or {@code max_runs} rounds, or {@code max_time} of rounds it took part in; its
 * stationarity is checked as in {@link TimingHarness}. It is then closed and reported at once, so
 * results come in completion order; the next pending job enters. Jobs enter in list order, and one that
 * does not fit waits for room rather than letting later ones overtake it. W = 1 measures one candidate
 * at a time.
 *
 * <p>Every candidate the runner builds is closed on every path: completion, failure, a job's
 * cancellation, the whole run's cancellation, and an exception from the listener. The reference
 * belongs to the caller and is never closed. Nothing is allocated between the runs of a round.
 */
public final class InterleavedRunner {

    private final Clock clock;
    private final JitCompilationTime jit;
    private final RandomGenerator random;

    /**
     * @param random draws each round's order; seed it for a reproducible run
     */
    public InterleavedRunner(Clock clock, JitCompilationTime jit, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jit = Objects.requireNonNull(jit, "jit");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Measures every job and reports each through {@code listener}, in completion order. Returns once
     * every job has been reported.
     *
     * @param reference the reference network (caller-owned, open), or empty to time candidates alone
     * @param plan      applied to every candidate; {@code min_runs} and {@code max_runs} count rounds
     * @param cancelled polled between rounds and runs of a warm-up: true (or an interrupt) ends the run
     * @throws MeasurementCancelledException when the run is cancelled; the jobs not reported by then
     *                                       never will be
     */
    public void run(List<InterleavedJob> jobs, Optional<Candidate> reference, TimingPlan plan, WarmupPolicy warmup,
                    InterleavePlan interleave, InterleavedListener listener, BooleanSupplier cancelled) {
        List<InterleavedJob> all = List.copyOf(jobs);
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(interleave, "interleave");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancelled, "cancelled");
        Deque<Integer> pending = new ArrayDeque<>();
        for (int i = 0; i < all.size(); i++) {
            pending.add(i);
        }
        Window window = new Window(reference.orElse(null), interleave);
        try {
            while (!pending.isEmpty() || !window.members.isEmpty()) {
                Cancellation.check(cancelled, MeasurementPhase.TIMED, 0);
                while (!pending.isEmpty() && window.admits(all.get(pending.peek()).cost())) {
                    int index = pending.poll();
                    enter(index, all.get(index), window, plan, warmup, listener, cancelled);
                }
                if (!window.members.isEmpty()) {
                    round(window);
                    leave(window, listener);
                }
            }
        } catch (RuntimeException | Error e) {
            for (Member member : window.members) {
                try {
                    member.candidate.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** Builds, runs once and warms up job {@code index}, then adds it to the window; reports a failure. */
    private void enter(int index, InterleavedJob job, Window window, TimingPlan plan, WarmupPolicy warmup,
                       InterleavedListener listener, BooleanSupplier runCancelled) {
        BooleanSupplier cancelled = () -> runCancelled.getAsBoolean() || job.cancelled().getAsBoolean();
        Candidate candidate = null;
        try {
            Cancellation.check(cancelled, MeasurementPhase.BUILD, 0);
            long buildStart = clock.nanoTime();
            candidate = TimingHarness.build(job.builder());
            long buildNanos = clock.nanoTime() - buildStart;
            Cancellation.check(cancelled, MeasurementPhase.BUILD, 0);
            RunOrder order = window.reference == null ? RunOrder.alone(clock, candidate)
                    : RunOrder.anchored(clock, candidate, window.reference, AnchorPlan.ABBA);
            TimedSeries series = new TimedSeries(plan, order.anchored());
            Warmup.Result warm = new Warmup(clock, jit).run(candidate, order, plan, warmup, cancelled);
            window.members.add(new Member(index, job, candidate, series, buildNanos, warm));
        } catch (RuntimeException | Error e) {
            if (candidate != null) {
                candidate.close();
            }
            if (e instanceof RuntimeException failure
                    && !(e instanceof MeasurementCancelledException && !job.cancelled().getAsBoolean())) {
                listener.failed(index, failure);
                return;
            }
            throw e; // an Error, or the whole run was cancelled (not this job)
        }
    }

    /**
     * One run of every member and of the reference, in a fresh random order; adds each member's pair.
     * A member whose run throws leaves the window, failed, and the round's other runs are dropped.
     */
    private void round(Window window) {
        List<Member> members = window.members;
        int slots = members.size() + (window.reference == null ? 0 : 1);
        for (int slot = 0; slot < slots; slot++) {
            window.order[slot] = slot;
        }
        for (int i = slots - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int swap = window.order[i];
            window.order[i] = window.order[j];
            window.order[j] = swap;
        }
        long roundStart = clock.nanoTime();
        for (int k = 0; k < slots; k++) {
            int slot = window.order[k];
            Candidate network = slot == members.size() ? window.reference : members.get(slot).candidate;
            long start = clock.nanoTime();
            try {
                network.run();
            } catch (RuntimeException e) {
                if (network == window.reference) {
                    throw e;
                }
                members.get(slot).failure = e;
                return;
            }
            window.nanos[slot] = clock.nanoTime() - start;
        }
        long roundNanos = clock.nanoTime() - roundStart;
        long referenceNanos = window.reference == null ? 0 : window.nanos[members.size()];
        for (int slot = 0; slot < members.size(); slot++) {
            Member member = members.get(slot);
            member.series.add(window.nanos[slot], referenceNanos);
            member.timedNanos += roundNanos;
        }
    }

    /** Reports and closes every member that failed, was cancelled or is done; keeps the others. */
    private void leave(Window window, InterleavedListener listener) {
        List<Member> staying = new ArrayList<>(window.members.size());
        List<Member> leaving = new ArrayList<>();
        for (Member member : window.members) {
            if (member.failure == null && member.job.cancelled().getAsBoolean()) {
                member.failure = new MeasurementCancelledException(MeasurementPhase.TIMED, member.series.taken(),
                        null);
            }
            member.stop = member.failure == null ? member.series.stopReason(member.timedNanos) : null;
            (member.failure != null || member.stop != null ? leaving : staying).add(member);
        }
        window.members.clear();
        window.members.addAll(staying);
        // every leaving candidate is closed before any callback, so a listener that throws leaks none
        for (Member member : leaving) {
            try {
                member.candidate.close();
            } catch (RuntimeException e) {
                member.failure = member.failure == null ? e : member.failure;
            }
        }
        for (Member member : leaving) {
            if (member.failure != null) {
                listener.failed(member.index, member.failure);
            } else {
                listener.completed(member.index,
                        member.series.measurement(member.buildNanos, member.warmup, member.timedNanos, member.stop));
            }
        }
    }

    /** The candidates being timed, the reference, and per-round buffers sized for a full window. */
    private static final class Window {
        final Candidate reference;
        final List<Member> members;
        final int[] order;
        final long[] nanos;
        private final InterleavePlan plan;

        Window(Candidate reference, InterleavePlan plan) {
            this.reference = reference;
            this.plan = plan;
            this.members = new ArrayList<>(plan.window());
            this.order = new int[plan.window() + 1];
            this.nanos = new long[plan.window() + 1];
        }

        /** Whether a job of {@code jobCost} fits; into an empty window, anything does. */
        boolean admits(long jobCost) {
            long cost = 0;
            for (Member member : members) {
                cost += member.job.cost();
            }
            // no overflow: the sum only exceeds the limit through a lone oversized member
            return members.isEmpty()
                    || members.size() < plan.window() && cost <= plan.costLimit() && jobCost <= plan.costLimit() - cost;
        }
    }

    /** One candidate in the window. */
    private static final class Member {
        final int index;
        final InterleavedJob job;
        final Candidate candidate;
        final TimedSeries series;
        final long buildNanos;
        final Warmup.Result warmup;
        long timedNanos;
        StopReason stop;
        RuntimeException failure;

        Member(int index, InterleavedJob job, Candidate candidate, TimedSeries series, long buildNanos,
               Warmup.Result warmup) {
            this.index = index;
            this.job = job;
            this.candidate = candidate;
            this.series = series;
            this.buildNanos = buildNanos;
            this.warmup = warmup;
        }
    }
}
