package dev.latm.runtime.timing;

import java.util.List;

/**
 * The per-run values a statistic carries when its plan asks to keep them: none, or exactly one per run
 * it counts. One check for every record that carries them, so their messages read alike.
 */
final class KeptSamples {
    private KeptSamples() {
    }

    /**
     * @param field   the record component, e.g. {@code samplesMs}
     * @param sample  what one value is, e.g. {@code sample}
     * @param count   how many runs the statistic counts, >= 1
     * @param counted what one run is, e.g. {@code run}
     * @return an immutable copy of {@code values}
     * @throws IllegalArgumentException when {@code count} is below 1 or {@code values} holds another number
     */
    static List<Double> check(List<Double> values, String field, String sample, int count, String counted) {
        if (count < 1) {
            throw new IllegalArgumentException(counted + "s must be >= 1 (got " + count + ")");
        }
        List<Double> kept = List.copyOf(values);
        if (!kept.isEmpty() && kept.size() != count) {
            throw new IllegalArgumentException(field + " must be empty or hold one " + sample + " per " + counted
                    + " (got " + kept.size() + " " + sample + "s for " + count + " " + counted + "s)");
        }
        return kept;
    }
}
