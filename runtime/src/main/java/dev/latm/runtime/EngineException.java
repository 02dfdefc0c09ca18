package dev.latm.runtime;

/** A runtime failed to build or run a valid network; the service maps it to INTERNAL. */
public class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public EngineException(String message) {
        super(message);
    }
}
