package dev.latm.model.predict;

import dev.latm.proto.v1.MeasureResponse;
import java.util.Collection;
import java.util.Locale;
import java.util.OptionalDouble;

/** Which latency statistic of a measured result a predictor learns. */
public enum LatencyLabel {
    /**
     * The drift-proof latency of reference anchoring ({@code anchored.normalized_ms}): what predictors
     * should be built on, since a predictor cannot be better than the noise of its labels.
     */
    NORMALIZED_MS("anchored.normalized_ms"),
    /** The raw median of the timed runs: drifts with the host's load between measurements. */
    MEDIAN_MS("latency.median_ms"),
    /** The fastest timed run: the least disturbed by other processes on a shared host, but biased low. */
    MIN_MS("latency.min_ms");

    private final String path;

    LatencyLabel(String path) {
        this.path = path;
    }

    /** The label's name in files and on the command line: {@code normalized_ms}. */
    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Where the label is in a {@code MeasureResponse}: {@code anchored.normalized_ms}. */
    public String path() {
        return path;
    }

    /** The label of a measured result; empty when it has none (an unanchored result has no normalized_ms). */
    public OptionalDouble of(MeasureResponse response) {
        if (response.hasError()) {
            return OptionalDouble.empty();
        }
        double value = switch (this) {
            case NORMALIZED_MS -> response.hasAnchored() ? response.getAnchored().getNormalizedMs() : 0;
            case MEDIAN_MS -> response.getLatency().getMedianMs();
            case MIN_MS -> response.getLatency().getMinMs();
        };
        return value > 0 ? OptionalDouble.of(value) : OptionalDouble.empty();
    }

    /**
     * The label to learn from these results: {@link #NORMALIZED_MS} when every one carries it, else
     * {@link #MEDIAN_MS} (measured without reference anchoring). Callers say which they got: a
     * predictor on raw medians is only as steady as the host was.
     */
    public static LatencyLabel best(Collection<MeasureResponse> results) {
        boolean anchored = !results.isEmpty() && results.stream().filter(r -> !r.hasError())
                .allMatch(r -> NORMALIZED_MS.of(r).isPresent());
        return anchored ? NORMALIZED_MS : MEDIAN_MS;
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
