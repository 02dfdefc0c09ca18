package dev.latm.cli;

import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.PrintWriter;

/** Prints a failed call the way the CLI prints local errors, and picks the documented exit code. */
final class StatusExit {
    private StatusExit() {
    }

    static int report(StatusRuntimeException e, PrintWriter err) {
        Status.Code code = e.getStatus().getCode();
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        BadRequest badRequest = null;
        if (details != null) {
            for (com.google.protobuf.Any any : details.getDetailsList()) {
                if (any.is(BadRequest.class)) {
                    try {
                        badRequest = any.unpack(BadRequest.class);
                    } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                        // a malformed detail: fall back to the message
                    }
                }
            }
        }
        if (badRequest != null) {
            err.println("latm: the server refused the request (" + code + ", "
                    + badRequest.getFieldViolationsCount() + " violations):");
            for (BadRequest.FieldViolation violation : badRequest.getFieldViolationsList()) {
                err.println("  " + violation.getField() + ": " + violation.getDescription());
            }
        } else {
            err.println("latm: " + code + ": " + e.getStatus().getDescription());
        }
        err.flush();
        switch (code) {
            case INVALID_ARGUMENT:
                return LatmCli.EXIT_BAD_INPUT;
            case RESOURCE_EXHAUSTED:
            case UNAUTHENTICATED:
            case PERMISSION_DENIED:
            case FAILED_PRECONDITION:
                return LatmCli.EXIT_REFUSED;
            case UNAVAILABLE:
                return LatmCli.EXIT_UNREACHABLE;
            default:
                return 1;
        }
    }
}
