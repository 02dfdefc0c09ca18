package dev.latm.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for state another thread changes; never a fixed sleep standing in for an event. */
final class Await {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + TIMEOUT.toSeconds() + " s waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
