package dev.latm.runtime.timing;

/**
 * Receives an {@link InterleavedRunner}'s results as each candidate finishes, in completion order, on
 * the runner's thread. An exception thrown here ends the whole run (every candidate is closed).
 */
public interface InterleavedListener {

    /** Job {@code index} (its position in the job list) has been measured; its candidate is closed. */
    void completed(int index, Measurement measurement);

    /**
     * Job {@code index} failed: its build or a run threw, or it was cancelled on its own (a
     * {@link MeasurementCancelledException}). Its candidate, if built, is closed; the run goes on.
     */
    void failed(int index, RuntimeException failure);
}
