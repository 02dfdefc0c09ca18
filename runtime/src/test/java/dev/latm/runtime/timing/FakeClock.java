package dev.latm.runtime.timing;

/** A clock that only moves when a test (or a scripted candidate) advances it. */
final class FakeClock implements Clock {
    private long now = 1_000_000_000L; // arbitrary origin: the harness must only use differences

    @Override
    public long nanoTime() {
        return now;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
