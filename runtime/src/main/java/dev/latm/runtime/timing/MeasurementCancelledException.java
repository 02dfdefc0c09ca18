package dev.latm.runtime.timing;

/**
 * A measurement stopped because its caller cancelled it (or interrupted its thread). The candidate has
 * already been closed when this is thrown. The service maps it to {@code CANCELLED} or
 * {@code DEADLINE_EXCEEDED}, depending on why the caller cancelled.
 */
public class MeasurementCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final MeasurementPhase phase;
    private final int completedRuns;

    /**
     * @param phase         the phase that was interrupted
     * @param completedRuns runs of that phase finished before the cancellation was seen
     * @param cause         what signalled it (an {@link InterruptedException}), or null
     */
    public MeasurementCancelledException(MeasurementPhase phase, int completedRuns, Throwable cause) {
        super("measurement cancelled during " + phase.label() + " after " + completedRuns + " runs", cause);
        this.phase = phase;
        this.completedRuns = completedRuns;
    }

    /** The phase that was interrupted. */
    public MeasurementPhase phase() {
        return phase;
    }

    /** Runs of {@link #phase()} finished before the cancellation was seen. */
    public int completedRuns() {
        return completedRuns;
    }
}
