package dev.latm.server;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Violation;
import dev.latm.runtime.timing.MeasurementCancelledException;
import dev.latm.server.measure.QueueFullException;
import dev.latm.server.store.ResultStore;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into gRPC statuses at the edge, and only here. Clients get a status code that says
 * what to do and a message that says why; stack traces stay in the server log.
 */
final class ErrorStatus {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorStatus.class);

    private ErrorStatus() {
    }

    /** The google.rpc.Status for a failure: what MeasureBatch puts in a response's error field. */
    static com.google.rpc.Status of(Throwable failure, Context context) {
        Throwable cause = unwrap(failure);
        if (cause instanceof InvalidArchitectureException invalid) {
            BadRequest.Builder details = BadRequest.newBuilder();
            for (Violation violation : invalid.violations()) {
                details.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(violation.field()).setDescription(violation.description()));
            }
            return com.google.rpc.Status.newBuilder()
                    .setCode(invalid.onlyLimits() ? Code.RESOURCE_EXHAUSTED_VALUE : Code.INVALID_ARGUMENT_VALUE)
                    .setMessage(invalid.getMessage())
                    .addDetails(Any.pack(details.build()))
                    .build();
        }
        if (cause instanceof QueueFullException) {
            return status(Code.RESOURCE_EXHAUSTED, cause.getMessage());
        }
        if (cause instanceof MeasurementCancelledException || cause instanceof CancellationException) {
            boolean expired = context != null && context.getDeadline() != null && context.getDeadline().isExpired();
            if (expired) {
                return status(Code.DEADLINE_EXCEEDED, "the deadline passed; the measurement was dropped");
            }
            // Measurements are cancelled by the call's context or by the server's shutdown; a call
            // that is still live was dropped by the server, and may be retried on another device.
            return context != null && !context.isCancelled()
                    ? status(Code.UNAVAILABLE, "the server is shutting down; the measurement was dropped, retry on"
                            + " another device")
                    : status(Code.CANCELLED, "the measurement was cancelled");
        }
        if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("shut down")) {
            return status(Code.UNAVAILABLE, "the server is shutting down; retry on another device");
        }
        if (cause instanceof IllegalArgumentException) {
            return status(Code.INVALID_ARGUMENT, cause.getMessage());
        }
        LOG.error("measurement failed", cause);
        String failed = cause instanceof ResultStore.StoreException ? "the result store failed: "
                : "the engine failed: ";
        return status(Code.INTERNAL, failed + cause.getMessage() + " (details in the server log)");
    }

    static StatusRuntimeException exception(Throwable failure, Context context) {
        return StatusProto.toStatusRuntimeException(of(failure, context));
    }

    private static com.google.rpc.Status status(Code code, String message) {
        return com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
