package dev.latm.model.predict;

import java.util.Locale;

/** Which latency statistic of a stored result a predictor learns. */
public enum LatencyLabel {
    /**
     * The drift-proof latency of reference anchoring: what predictors should be built on, since a
     * predictor cannot be better than the noise of its labels.
     */
    NORMALIZED_MS,
    /** The raw median of the timed runs: drifts with the host's load between measurements. */
    MEDIAN_MS,
    /** The fastest timed run: the least disturbed by other processes on a shared host, but biased low. */
    MIN_MS;

    /** The field name inside a result's {@code latency} object. */
    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static LatencyLabel parse(String field) {
        for (LatencyLabel label : values()) {
            if (label.field().equals(field)) {
                return label;
            }
        }
        throw new IllegalArgumentException("label must be one of normalized_ms, median_ms, min_ms (got '"
                + field + "')");
    }
}
