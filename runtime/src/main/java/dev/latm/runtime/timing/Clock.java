package dev.latm.runtime.timing;

/**
 * The harness's only source of time, so that tests drive it with a scripted clock and never sleep.
 * Implementations must be monotonic; the harness only ever subtracts two readings.
 */
@FunctionalInterface
public interface Clock {

    /** {@link System#nanoTime()}: monotonic, nanosecond resolution, unrelated to wall-clock time. */
    Clock SYSTEM = System::nanoTime;

    /** The current reading in nanoseconds, meaningful only as a difference from another reading. */
    long nanoTime();
}
