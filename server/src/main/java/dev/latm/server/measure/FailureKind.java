package dev.latm.server.measure;

import dev.latm.runtime.EngineUnavailableException;
import dev.latm.runtime.timing.MeasurementCancelledException;
import dev.latm.server.metrics.LatmMetrics.Outcome;
import dev.latm.server.predict.NoPredictorException;
import dev.latm.server.store.ResultStore;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * Every way a request can fail, decided once from the failure's type (never from its message): the
 * gRPC status a client sees ({@code ErrorStatus}) and the {@code outcome} the metrics count both come
 * from this classification, so they cannot disagree.
 */
public enum FailureKind {
    /** A malformed architecture or option: INVALID_ARGUMENT. */
    INVALID(Outcome.invalid),
    /** Well-formed, but over a server limit: RESOURCE_EXHAUSTED. */
    OVER_LIMIT(Outcome.refused),
    /** The measurement queue is full, or exports in progress hold the export budget: RESOURCE_EXHAUSTED. */
    QUEUE_FULL(Outcome.refused),
    /**
     * The JVM ran out of memory for a request within the limits (their estimate was short, or other
     * work held the heap): RESOURCE_EXHAUSTED. The failed allocation left nothing behind; the server goes on.
     */
    OUT_OF_MEMORY(Outcome.refused),
    /** The engine asked for cannot run on this host: FAILED_PRECONDITION. */
    ENGINE_UNAVAILABLE(Outcome.refused),
    /**
     * The device could not calibrate the reference an anchored request needs (its speed shifted during
     * every attempt): FAILED_PRECONDITION, retry later or without a reference.
     */
    NOT_CALIBRATED(Outcome.refused),
    /** Predict: no loaded predictor serves the configuration asked for: FAILED_PRECONDITION. */
    NO_PREDICTOR(Outcome.refused),
    /** The client cancelled, or its deadline passed: CANCELLED or DEADLINE_EXCEEDED. */
    CANCELLED(Outcome.cancelled),
    /** The server is shutting down and dropped the work: UNAVAILABLE, retry elsewhere. */
    SHUTTING_DOWN(Outcome.unavailable),
    /** The result store failed: INTERNAL. */
    STORE_FAILED(Outcome.error),
    /** The engine failed on a valid network, or anything unforeseen: INTERNAL. */
    INTERNAL(Outcome.error);

    private final Outcome outcome;

    FailureKind(Outcome outcome) {
        this.outcome = outcome;
    }

    /** The {@code outcome} label the metrics count this failure under. */
    public Outcome outcome() {
        return outcome;
    }

    /** @param failure what a request's future completed with ({@link CompletionException}s are looked through) */
    public static FailureKind of(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof InvalidRequestException invalid) {
            return invalid.onlyLimits() ? OVER_LIMIT : INVALID;
        }
        if (cause instanceof QueueFullException || cause instanceof ExportBusyException) {
            return QUEUE_FULL;
        }
        if (cause instanceof OutOfMemoryError) {
            return OUT_OF_MEMORY;
        }
        if (cause instanceof EngineUnavailableException) {
            return ENGINE_UNAVAILABLE;
        }
        if (cause instanceof CalibrationFailedException) {
            return NOT_CALIBRATED;
        }
        if (cause instanceof NoPredictorException) {
            return NO_PREDICTOR;
        }
        if (cause instanceof ShuttingDownException) {
            return SHUTTING_DOWN;
        }
        if (cause instanceof MeasurementCancelledException || cause instanceof CancellationException) {
            return CANCELLED;
        }
        if (cause instanceof ResultStore.StoreException) {
            return STORE_FAILED;
        }
        return INTERNAL;
    }

    /** The failure itself, without the {@link CompletionException}s futures wrap it in. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
