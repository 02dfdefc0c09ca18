package dev.latm.server.measure;

import dev.latm.proto.v1.MeasureResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The queued part of one MeasureBatch request: its candidates timed interleaved on the measurement
 * worker, in chunks of {@value #WINDOWS_PER_CHUNK} windows, the next chunk queued when one ends. A chunk
 * per job rather than the whole batch, so that another client's Measure waits behind one chunk (a few
 * minutes), not behind a generation of a thousand; chunks of several windows, so that a window rarely
 * runs part-empty at a chunk's end. Every candidate is reported exactly once: completed, failed on its
 * own, or, when a whole chunk fails (cancelled, shutting down, the reference cannot be calibrated, the
 * queue is full), failed with that failure along with every candidate not reported yet.
 */
public final class BatchRun {
    /** Windows of candidates per queued job. */
    static final int WINDOWS_PER_CHUNK = 4;

    /** Hears of every candidate of the batch once, by its index in the request; never concurrently. */
    public interface Listener {
        void completed(int index, MeasureResponse response);

        void failed(int index, Throwable failure);
    }

    /** A queued candidate and its index in the request. */
    record Candidate(int index, Measurer.Prepared prepared) {
    }

    /** Times one chunk on the worker, reporting each candidate to the listener as it finishes. */
    @FunctionalInterface
    interface Timing {
        void run(List<Candidate> chunk, Listener listener, BooleanSupplier cancelled);
    }

    private final List<Candidate> candidates;
    private final MeasurementScheduler scheduler;
    private final Timing timing;
    private final Listener listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Set<Integer> reported = new HashSet<>();
    private int next;
    private boolean cancelled;
    private MeasurementScheduler.Ticket<Void> current;

    BatchRun(List<Candidate> candidates, MeasurementScheduler scheduler, Timing timing, Listener listener) {
        this.candidates = List.copyOf(candidates);
        this.scheduler = scheduler;
        this.timing = timing;
        this.listener = listener;
    }

    /** Queues the first chunk; the result completes once every candidate has been reported. */
    CompletableFuture<Void> start() {
        queueNext();
        return done;
    }

    /** Drops what is queued and stops what runs; the candidates not reported yet are reported cancelled. */
    void cancel() {
        MeasurementScheduler.Ticket<Void> running;
        synchronized (this) {
            cancelled = true;
            running = current;
        }
        if (running != null) {
            running.cancel();
        }
    }

    private void queueNext() {
        List<Candidate> chunk;
        synchronized (this) {
            if (next == candidates.size()) {
                done.complete(null);
                return;
            }
            if (cancelled) {
                failUnreported(new CancellationException("the batch was cancelled"));
                return;
            }
            int size = WINDOWS_PER_CHUNK * candidates.get(next).prepared().options().values().getInterleave();
            chunk = candidates.subList(next, Math.min(candidates.size(), next + size));
            next += chunk.size();
        }
        MeasurementScheduler.Ticket<Void> ticket;
        try {
            ticket = scheduler.submit(flag -> {
                timing.run(chunk, reporting, flag);
                return null;
            });
        } catch (RuntimeException e) {
            failUnreported(e);
            return;
        }
        synchronized (this) {
            current = ticket;
            if (cancelled) {
                ticket.cancel();
            }
        }
        ticket.result().whenComplete((nothing, failure) -> {
            if (failure != null) {
                failUnreported(failure);
            } else {
                queueNext();
            }
        });
    }

    /** Reports {@code failure} for every candidate not reported yet, then completes the batch. */
    private void failUnreported(Throwable failure) {
        for (Candidate candidate : candidates) {
            if (claim(candidate.index())) {
                listener.failed(candidate.index(), failure);
            }
        }
        done.complete(null);
    }

    private synchronized boolean claim(int index) {
        return reported.add(index);
    }

    /** What the worker reports, each candidate once. */
    private final Listener reporting = new Listener() {
        @Override
        public void completed(int index, MeasureResponse response) {
            if (claim(index)) {
                listener.completed(index, response);
            }
        }

        @Override
        public void failed(int index, Throwable failure) {
            if (claim(index)) {
                listener.failed(index, failure);
            }
        }
    };
}
