package dev.latm.cli.search;

/** The accuracy of a candidate could not be had (the user's command failed, timed out or printed no number). */
public final class AccuracyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccuracyException(String message) {
        super(message);
    }

    public AccuracyException(String message, Throwable cause) {
        super(message, cause);
    }
}
