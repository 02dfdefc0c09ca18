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
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into gRPC statuses at the edge, and only here, by their {@link FailureKind} (the
 * classification the metrics count too). Clients get a status code that says what to do and a
 * message that says why; stack traces stay in the server log.
 */
final class ErrorStatus {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorStatus.class);
    /** Budgets, as sent, that keep a status's two trailers well within a client's 8 KiB. */
    static final int MAX_MESSAGE_BYTES = 1500;
    static final int MAX_DETAILS_BYTES = 4000;
    static final int MAX_VIOLATION_CHARS = 200;

    private ErrorStatus() {
    }

    /** The google.rpc.Status for a failure: what MeasureBatch puts in a response's error field. */
    static com.google.rpc.Status of(Throwable failure, Context context) {
        Throwable cause = FailureKind.unwrap(failure);
        return switch (FailureKind.of(cause)) {
            case INVALID -> badRequest(Code.INVALID_ARGUMENT, (InvalidRequestException) cause);
            case OVER_LIMIT -> badRequest(Code.RESOURCE_EXHAUSTED, (InvalidRequestException) cause);
            case QUEUE_FULL -> status(Code.RESOURCE_EXHAUSTED, cause.getMessage());
            case OUT_OF_MEMORY -> outOfMemory(cause);
            case ENGINE_UNAVAILABLE, NOT_CALIBRATED, NO_PREDICTOR -> status(Code.FAILED_PRECONDITION, cause.getMessage());
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

    /**
     * A message naming as many violations as fit in {@link #MAX_MESSAGE_BYTES}, and a BadRequest with as
     * many as fit in {@link #MAX_DETAILS_BYTES}, both counted as sent. They travel in the reply's HTTP/2
     * trailers (grpc-message percent-encoded, grpc-status-details-bin in base64), which clients cap at
     * 8 KiB: a status over it reached the client as INTERNAL "Header size exceeded" and reset the
     * connection, every other call on it included.
     */
    private static com.google.rpc.Status badRequest(Code code, InvalidRequestException invalid) {
        List<Violation> violations = invalid.violations();
        StringBuilder message = new StringBuilder().append(violations.size())
                .append(violations.size() == 1 ? " violation: " : " violations: ");
        int named = 0;
        for (Violation violation : violations) {
            String text = (named > 0 ? "; " : "") + cut(violation.field()) + ": " + cut(violation.description());
            if (named > 0 && percentEncodedBytes(message) + percentEncodedBytes(text) > MAX_MESSAGE_BYTES) {
                break;
            }
            message.append(text);
            named++;
        }
        if (named < violations.size()) {
            message.append("; ").append(violations.size() - named).append(" more not listed here");
        }
        BadRequest.Builder details = BadRequest.newBuilder();
        long size = message.toString().getBytes(StandardCharsets.UTF_8).length;
        for (Violation violation : violations) {
            BadRequest.FieldViolation entry = BadRequest.FieldViolation.newBuilder()
                    .setField(cut(violation.field())).setDescription(cut(violation.description())).build();
            size += entry.getSerializedSize() + 8; // its tag and length, and the Any around the list
            if (size * 4 / 3 > MAX_DETAILS_BYTES) {
                break;
            }
            details.addFieldViolations(entry);
        }
        return status(code, message.toString()).toBuilder().addDetails(Any.pack(details.build())).build();
    }

    /** Client text quoted in a violation (an engine name, a number) kept short. */
    private static String cut(String text) {
        return text.length() <= MAX_VIOLATION_CHARS ? text
                : text.substring(0, MAX_VIOLATION_CHARS) + "...(" + (text.length() - MAX_VIOLATION_CHARS) + " more)";
    }

    /** Bytes of grpc-message: printable ASCII as is, every other byte of UTF-8 as %XX. */
    private static int percentEncodedBytes(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c >= ' ' && c <= '~' && c != '%' ? 1 : 3 * (c < 0x80 ? 1 : c < 0x800 ? 2 : 3);
        }
        return bytes;
    }

    private static com.google.rpc.Status outOfMemory(Throwable cause) {
        LOG.warn("out of memory for a request within the limits: {}", cause.getMessage());
        return status(Code.RESOURCE_EXHAUSTED, "the device ran out of memory for this request (" + cause.getMessage()
                + "); retry later, or ask for less than the limits in GetDeviceInfo (max_params, "
                + "max_activation_bytes)");
    }

    private static com.google.rpc.Status internal(String what, Throwable cause) {
        LOG.error("measurement failed: {}", LogText.escape(String.valueOf(cause.getMessage())), cause);
        return status(Code.INTERNAL, what + cause.getMessage() + " (details in the server log)");
    }

    private static com.google.rpc.Status status(Code code, String message) {
        return com.google.rpc.Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }
}
