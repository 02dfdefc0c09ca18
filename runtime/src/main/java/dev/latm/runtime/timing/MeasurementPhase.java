package dev.latm.runtime.timing;

/** The phases of one measurement, in order; a cancellation names the phase it interrupted. */
public enum MeasurementPhase {
    /** The builder is creating the candidate (cancellation is seen before and after it). */
    BUILD("build"),
    /** Untimed runs that bring caches, allocators and JIT to a steady state. */
    WARMUP("warm-up"),
    /** The runs whose latencies become the statistics. */
    TIMED("timed runs");

    private final String label;

    MeasurementPhase(String label) {
        this.label = label;
    }

    /** A human-readable name for messages, e.g. {@code warm-up}. */
    public String label() {
        return label;
    }
}
