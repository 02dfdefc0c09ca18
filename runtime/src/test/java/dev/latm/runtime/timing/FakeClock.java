package dev.latm.runtime.timing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that only moves when a test (or a scripted candidate) advances it. Atomic, because a server
 * under test advances it from its worker threads while the test's thread reads it.
 */
public final class FakeClock implements Clock {
    /** A millisecond in the clock's nanoseconds: the unit scripted durations are written in. */
    public static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000_000_000L); // arbitrary origin: only differences count

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advance(long nanos) {
        now.addAndGet(nanos);
    }
}
