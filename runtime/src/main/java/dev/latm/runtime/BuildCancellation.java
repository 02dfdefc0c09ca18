package dev.latm.runtime;

import dev.latm.runtime.timing.MeasurementCancelledException;
import dev.latm.runtime.timing.MeasurementPhase;
import java.util.function.BooleanSupplier;

/** The check engines make between build steps, so a cancelled build stops at the next one. */
public final class BuildCancellation {
    private BuildCancellation() {
    }

    /**
     * @throws MeasurementCancelledException (phase BUILD) when {@code cancelled} says so or the thread is
     *                                       interrupted; the interrupt flag is left set for the caller
     */
    public static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new MeasurementCancelledException(MeasurementPhase.BUILD, 0, null);
        }
    }
}
