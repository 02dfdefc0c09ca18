package dev.latm.model.predict;

/**
 * A predictor asked to predict for a configuration (device, engine version, threads, ...) it was not built
 * for. The message names both configurations and every field in which they differ: all a caller reports.
 */
public class IncompatiblePredictorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IncompatiblePredictorException(String message) {
        super(message);
    }
}
