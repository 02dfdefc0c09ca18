package dev.latm.model.predict;

/** A predictor file that cannot be read: not JSON, another format version, a field missing or malformed. */
public class PredictorFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PredictorFormatException(String message) {
        super(message);
    }

    public PredictorFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
