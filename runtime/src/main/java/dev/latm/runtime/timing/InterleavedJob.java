package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * One candidate of an {@link InterleavedRunner}'s run.
 *
 * @param builder   creates the candidate when it enters the window; the runner closes it
 * @param cost      what it occupies while in the window (e.g. weight plus activation bytes), >= 0
 * @param cancelled polled between rounds: true drops this job alone (reported as a
 *                  {@link MeasurementCancelledException}); cheap and non-blocking
 */
public record InterleavedJob(Callable<? extends Candidate> builder, long cost, BooleanSupplier cancelled) {

    public InterleavedJob {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(cancelled, "cancelled");
        if (cost < 0) {
            throw new IllegalArgumentException("cost must be >= 0 (got " + cost + ")");
        }
    }

    /** A job that is never cancelled on its own. */
    public InterleavedJob(Callable<? extends Candidate> builder, long cost) {
        this(builder, cost, () -> false);
    }
}
