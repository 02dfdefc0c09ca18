package dev.latm.server.measure;

/**
 * The server stopped the measurement (or refused to queue it) because it is shutting down: not the
 * client's doing, so the service answers UNAVAILABLE and the client may retry on another device.
 */
public final class ShuttingDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ShuttingDownException(Throwable cause) {
        super("the server is shutting down; the measurement was dropped, retry on another device", cause);
    }
}
