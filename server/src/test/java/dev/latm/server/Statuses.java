package dev.latm.server;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;

/** Reads the google.rpc details a failed call or a batch error carries. */
final class Statuses {
    private Statuses() {
    }

    /** The BadRequest of a failed call; fails the test when there is none. */
    static BadRequest badRequest(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            throw new AssertionError("no google.rpc.Status details in " + e.getStatus(), e);
        }
        return badRequest(status);
    }

    static BadRequest badRequest(com.google.rpc.Status status) {
        for (Any detail : status.getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                try {
                    return detail.unpack(BadRequest.class);
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError("unreadable BadRequest", e);
                }
            }
        }
        throw new AssertionError("no BadRequest in " + status);
    }

    static List<String> fields(BadRequest badRequest) {
        return badRequest.getFieldViolationsList().stream().map(BadRequest.FieldViolation::getField).toList();
    }
}
