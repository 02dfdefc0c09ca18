package dev.latm.runtime;

/** No engine has the name asked for; the message lists those that exist. */
public final class UnknownEngineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownEngineException(String message) {
        super(message);
    }
}
