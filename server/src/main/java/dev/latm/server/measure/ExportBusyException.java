package dev.latm.server.measure;

/**
 * Exports in progress already hold as much memory as the server lets exports hold at once; the service
 * answers RESOURCE_EXHAUSTED and the client may retry shortly.
 */
public final class ExportBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExportBusyException(long wanted, long held, long budget) {
        super("exports in progress hold " + held + " of the " + budget + " bytes this server exports at once, "
                + "and this one needs about " + wanted + "; retry shortly");
    }
}
