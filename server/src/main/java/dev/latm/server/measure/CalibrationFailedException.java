package dev.latm.server.measure;

/**
 * No calibration attempt of a reference baseline was stationary: the host's speed shifted during
 * every one, so none is a baseline to scale results by. The request that needed it is refused
 * (FAILED_PRECONDITION); the next one tries again.
 */
public final class CalibrationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CalibrationFailedException(String message) {
        super(message);
    }
}
