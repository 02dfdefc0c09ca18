package dev.latm.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when an {@link OutOfMemoryError} escapes every handler and kills a thread. Requests
 * answer their own out-of-memory errors with RESOURCE_EXHAUSTED; one that gets past them (in a gRPC or
 * timer thread) leaves a server whose threads may be gone and whose heap may be full, and a server like
 * that must not go on half alive: it halts with status {@value #EXIT_STATUS}, so its supervisor (Docker,
 * Kubernetes) starts a fresh one. The result store is safe: SQLite's write-ahead log survives a halt.
 */
final class EscapedOutOfMemory {
    /** The process's exit status after an escaped OutOfMemoryError. */
    static final int EXIT_STATUS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(EscapedOutOfMemory.class);

    private EscapedOutOfMemory() {
    }

    static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (failure instanceof OutOfMemoryError) {
                // no stack trace and no formatting beyond the minimum: the heap may have nothing left
                System.err.println("latm: out of memory in thread " + thread.getName() + " (" + failure.getMessage()
                        + "), outside any request; exiting with status " + EXIT_STATUS);
                Runtime.getRuntime().halt(EXIT_STATUS);
            }
            if (previous != null) {
                previous.uncaughtException(thread, failure);
            } else {
                LOG.error("uncaught exception in thread {}", thread.getName(), failure);
            }
        });
    }
}
