package dev.latm.model.predict;

/**
 * A predicted latency with its prediction interval.
 *
 * @param latencyMs   the predicted latency, in the predictor's label (normalized_ms where it was built on it)
 * @param lowMs       lower end of the interval
 * @param highMs      upper end of the interval
 * @param coverage    the interval's nominal coverage (0.9: nine in ten fresh measurements fall inside,
 *                    as estimated by cross-validation)
 */
public record Prediction(double latencyMs, double lowMs, double highMs, double coverage) {
}
