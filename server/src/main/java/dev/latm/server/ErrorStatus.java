package dev.latm.server;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import dev.latm.model.spec.Violation;
import dev.latm.server.measure.FailureKind;
import dev.latm.server.measure.InvalidRequestException;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into gRPC statuses at the edge, and only here, by their {@link FailureKind} (the
 * classification the metrics count too). Clients get a status code that says what to do and a
 * message that says why; stack traces stay in the server log.
 */
final class ErrorStatus {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorStatus.class);

    private ErrorStatus() {
    }

    /** The google.rpc.Status for a failure: what MeasureBatch puts in a response's error field. */
    static com.google.rpc.Status of(Throwable failure, Context context) {
        Throwable cause = FailureKind.unwrap(failure);
        return switch (FailureKind.of(cause)) {
            case INVALID -> badRequest(Code.INVALID_ARGUMENT, (InvalidRequestException) cause);
            case OVER_LIMIT -> badRequest(Code.RESOURCE_EXHAUSTED, (InvalidRequestException) cause);
            case QUEUE_FULL -> status(Code.RESOURCE_EXHAUSTED, cause.getMessage());
            case ENGINE_UNAVAILABLE, NO_PREDICTOR -> status(Code.FAILED_PRECONDITION, cause.getMessage());
            case CANCELLED -> context != null && context.getDeadline() != null && context.getDeadline().isExpired()
                    ? status(Code.DEADLINE_EXCEEDED, "the deadline passed; the measurement was dropped")
                    : status(Code.CANCELLED, "the measurement was cancelled");
            case SHUTTING_DOWN -> status(Code.UNAVAILABLE, cause.getMessage());
            case STORE_FAILED -> internal("the result store failed: ", cause);
            case INTERNAL -> internal("the engine failed: ", cause);
        };
    }

    static StatusRuntimeException exception(Throwable failure, Context context) {
        return StatusProto.toStatusRuntimeException(of(failure, context));
    }

    private static com.google.rpc.Status badRequest(Code code, InvalidRequestException invalid) {
        BadRequest.Builder details = BadRequest.newBuilder();
        for (Violation violation : invalid.violations()) {
            details.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                    .setField(violation.field()).setDescription(violation.description()));
        }
        return status(code, invalid.getMessage()).toBuilder().addDetails(Any.pack(details.build())).build();
    }

    private static com.google.rpc.Status internal(String what, Throwable cause) {
        LOG.error("measurement failed", cause);
        return status(Code.INTERNAL, what + cause.getMessage() + " (details in the server log)");
    }

    private static com.google.rpc.Status status(Code code, String message) {
        return com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }
}
