package dev.latm.server.measure;

import dev.latm.runtime.timing.MeasurementCancelledException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs measurements one at a time on a single worker thread, in arrival order, from a bounded
 * queue. Two measurements on one device would share its cores and caches and corrupt each other's
 * timings, so there is exactly one worker; everything that is not a measurement (analysis, device
 * info, store hits) never enters this queue.
 */
public final class MeasurementScheduler implements AutoCloseable {
    /**
     * How long {@link #shutdown} waits, after the grace period, for an interrupted measurement to stop:
     * runs and build steps see the interrupt within milliseconds, unless a step cannot be interrupted.
     */
    public static final Duration STOP_MARGIN = Duration.ofMillis(500);

    private final int capacity;
    private final ThreadPoolExecutor worker;
    /** Set before the running measurement is interrupted by {@link #shutdown}. */
    private volatile boolean stopping;
    /** The measurement the worker runs now, or null. */
    private volatile Ticket<?> running;

    public MeasurementScheduler(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1 (got " + capacity + ")");
        }
        this.capacity = capacity;
        BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(capacity);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, queue, runnable -> {
            Thread thread = new Thread(runnable, "latm-measurement");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Queues {@code work}; it receives a cancellation flag to poll between timed runs.
     *
     * @throws QueueFullException    when {@code capacity} measurements are already waiting
     * @throws ShuttingDownException after {@link #shutdown}
     */
    public <T> Ticket<T> submit(Function<BooleanSupplier, T> work) {
        Ticket<T> ticket = new Ticket<>(work);
        try {
            worker.execute(ticket);
        } catch (RejectedExecutionException e) {
            if (worker.isShutdown()) {
                throw new ShuttingDownException(e);
            }
            throw new QueueFullException(depth(), capacity);
        }
        return ticket;
    }

    /** Measurements waiting behind the running one. */
    public int depth() {
        return worker.getQueue().size();
    }

    public int capacity() {
        return capacity;
    }

    /** Whether a measurement is running right now. */
    public boolean busy() {
        return worker.getActiveCount() > 0;
    }

    /**
     * Stops taking work, drops what waits, lets the running measurement finish within {@code grace},
     * then interrupts it (which stops it between runs or build steps) and waits at most
     * {@link #STOP_MARGIN} more. A measurement still running then is inside a step nothing can stop
     * (ONNX Runtime creating a session): its caller is answered at once and the worker is left to end
     * alone. So this returns within {@code grace + STOP_MARGIN}, with every caller answered; true when
     * the worker stopped. Work dropped or stopped here fails with {@link ShuttingDownException}, not as
     * cancelled: its caller did not ask for it.
     */
    public boolean shutdown(long grace, TimeUnit unit) throws InterruptedException {
        worker.shutdown();
        for (Runnable waiting : worker.getQueue().toArray(new Runnable[0])) {
            if (waiting instanceof Ticket<?> ticket && worker.remove(ticket)) {
                ticket.result.completeExceptionally(new ShuttingDownException(null));
            }
        }
        if (worker.awaitTermination(grace, unit)) {
            return true;
        }
        stopping = true;
        worker.shutdownNow();
        if (worker.awaitTermination(STOP_MARGIN.toNanos(), TimeUnit.NANOSECONDS)) {
            return true;
        }
        Ticket<?> stuck = running;
        if (stuck != null) {
            stuck.result.completeExceptionally(new ShuttingDownException(null));
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        shutdown(5, TimeUnit.SECONDS);
    }

    /**
     * A queued measurement. {@link #cancel()} drops it from the queue if it has not started, or
     * raises the flag the running measurement polls between runs.
     */
    public final class Ticket<T> implements Runnable {
        private final Function<BooleanSupplier, T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();

        private Ticket(Function<BooleanSupplier, T> work) {
            this.work = work;
        }

        public CompletableFuture<T> result() {
            return result;
        }

        public void cancel() {
            cancelled.set(true);
            if (worker.remove(this)) {
                result.cancel(false);
            }
        }

        public boolean isCancelled() {
            return cancelled.get();
        }

        @Override
        public void run() {
            if (cancelled.get()) {
                result.cancel(false);
                return;
            }
            running = this;
            try {
                result.complete(work.apply(cancelled::get));
            } catch (MeasurementCancelledException e) {
                // interrupted by shutdown() unless its caller cancelled it
                result.completeExceptionally(stopping && !cancelled.get() ? new ShuttingDownException(e) : e);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            } finally {
                running = null;
            }
        }
    }
}
