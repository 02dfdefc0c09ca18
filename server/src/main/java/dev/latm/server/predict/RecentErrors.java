package dev.latm.server.predict;

import dev.latm.model.predict.Evaluation;
import java.util.Arrays;
import java.util.Optional;

/**
 * The latest (predicted, measured) pairs of one predictor, in a ring of fixed size: a predictor's live
 * accuracy is judged on recent measurements, so a device that changed shows in them instead of being
 * averaged away by everything since start-up. Thread-safe.
 */
final class RecentErrors {
    private final double[] predicted;
    private final double[] measured;
    private int next;
    private int count;

    RecentErrors(int capacity) {
        predicted = new double[capacity];
        measured = new double[capacity];
    }

    synchronized void add(double predictedMs, double measuredMs) {
        predicted[next] = predictedMs;
        measured[next] = measuredMs;
        next = (next + 1) % predicted.length;
        count = Math.min(count + 1, predicted.length);
    }

    /** Share of the held pairs within +-10%; NaN while there is none. */
    synchronized double within10() {
        if (count == 0) {
            return Double.NaN;
        }
        int within = 0;
        for (int i = 0; i < count; i++) {
            within += Math.abs(predicted[i] / measured[i] - 1) <= 0.10 ? 1 : 0;
        }
        return within / (double) count;
    }

    /** How the held pairs compare; empty while there is none. */
    synchronized Optional<Evaluation> evaluation() {
        return count == 0 ? Optional.empty()
                : Optional.of(Evaluation.of(Arrays.copyOf(predicted, count), Arrays.copyOf(measured, count)));
    }
}
