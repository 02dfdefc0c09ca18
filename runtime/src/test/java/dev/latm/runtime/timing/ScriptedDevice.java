package dev.latm.runtime.timing;

import java.util.function.LongToDoubleFunction;

/**
 * A device whose speed changes over (fake) time, shared by every {@link ScriptedCandidate} on it: the
 * drift of a shared host that slows down and speeds up for reasons of its own.
 */
final class ScriptedDevice {
    private final FakeClock clock;
    private final long origin;
    private final LongToDoubleFunction slowdownAt;

    /**
     * @param slowdownAt how many times slower than nominal the device runs, by nanoseconds since now
     */
    ScriptedDevice(FakeClock clock, LongToDoubleFunction slowdownAt) {
        this.clock = clock;
        this.origin = clock.nanoTime();
        this.slowdownAt = slowdownAt;
    }

    /** Nominal speed until {@code afterNanos} from now, then {@code factor} times slower for good. */
    static ScriptedDevice slowingDown(FakeClock clock, long afterNanos, double factor) {
        return new ScriptedDevice(clock, t -> t < afterNanos ? 1.0 : factor);
    }

    /** Speed swinging by +-{@code amplitude} around nominal, a sine of period {@code periodNanos}. */
    static ScriptedDevice swinging(FakeClock clock, long periodNanos, double amplitude) {
        return new ScriptedDevice(clock, t -> 1 + amplitude * Math.sin(2 * Math.PI * t / periodNanos));
    }

    /** {@code nominalNanos} at the device's current speed. */
    long scale(long nominalNanos) {
        return Math.round(nominalNanos * slowdownAt.applyAsDouble(clock.nanoTime() - origin));
    }
}
