package dev.latm.runtime.jvm;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that run one {@link LayerStep} phase at a time, each thread a contiguous
 * share of the phase's work items. The caller's thread takes share 0, so a pool of one thread has
 * no workers and runs everything inline. Dispatch allocates nothing: the phase is published
 * through a volatile generation counter and completion is counted down on an atomic.
 *
 * <p>With {@code spinning}, idle workers busy-wait (for up to {@link #SPIN_NANOS} after their last
 * phase) so the next phase starts within nanoseconds instead of a wake-up's tens of microseconds;
 * a network runs ~100 phases, so this is the difference between measuring the kernels and
 * measuring the scheduler. Without it, workers park between phases. Threads are daemons, created
 * here and stopped by {@link #close()}.
 */
final class WorkerPool implements AutoCloseable {
    static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final int threads;
    private final boolean spinning;
    private final Thread[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private LayerStep step;
    private int phase;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int threads, boolean spinning, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
        }
        this.threads = threads;
        this.spinning = spinning;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int share = i + 1;
            workers[i] = new Thread(() -> work(share), name + "-" + share);
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /** Runs {@code phase} of {@code step} on every thread and returns when all have finished. */
    void run(LayerStep step, int phase) {
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        if (workers.length == 0) {
            step.run(phase, 0, step.items(phase));
            return;
        }
        this.step = step;
        this.phase = phase;
        remaining.set(workers.length);
        generation = generation + 1; // publishes step and phase to the workers
        for (Thread worker : workers) {
            // a few nanoseconds when the worker is spinning; wakes it when it has parked
            LockSupport.unpark(worker);
        }
        runShare(step, phase, 0);
        while (remaining.get() != 0) {
            Thread.onSpinWait();
        }
        Throwable error = failure;
        if (error != null) {
            failure = null;
            throw new IllegalStateException("a worker failed in " + step.name(), error);
        }
    }

    private void runShare(LayerStep task, int taskPhase, int share) {
        long items = task.items(taskPhase);
        int first = (int) (items * share / threads);
        int end = (int) (items * (share + 1) / threads);
        if (first < end) {
            task.run(taskPhase, first, end);
        }
    }

    private void work(int share) {
        long seen = 0;
        while (true) {
            long idleSince = System.nanoTime();
            int spins = 0;
            while (generation == seen) {
                if (closed) {
                    return;
                }
                if (spinning && (++spins & 0xff) != 0) {
                    Thread.onSpinWait();
                } else if (spinning && System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            try {
                runShare(step, phase, share);
            } catch (Throwable t) {
                failure = t;
            }
            remaining.decrementAndGet();
        }
    }

    /** Stops the workers; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
