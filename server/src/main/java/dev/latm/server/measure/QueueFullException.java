package dev.latm.server.measure;

/** The measurement queue is at capacity; the service answers RESOURCE_EXHAUSTED. */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(int depth, int capacity) {
        super("the measurement queue is full: " + depth + " of " + capacity
                + " places taken; retry later or raise the server's --queue");
    }
}
