package dev.latm.runtime.timing;

import java.util.function.BooleanSupplier;

/** The one cancellation check of every loop: the caller's flag, or the thread's interrupt. */
final class Cancellation {
    private Cancellation() {
    }

    /** Interruption counts as cancellation (Future.cancel(true)); the flag is left set for the caller. */
    static void check(BooleanSupplier cancelled, MeasurementPhase phase, int completedRuns) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new MeasurementCancelledException(phase, completedRuns, null);
        }
    }
}
