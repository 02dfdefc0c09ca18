package dev.latm.server.predict;

/** A Predict request for a configuration no loaded predictor serves: FAILED_PRECONDITION. */
public final class NoPredictorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoPredictorException(String message) {
        super(message);
    }
}
