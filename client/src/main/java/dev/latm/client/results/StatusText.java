package dev.latm.client.results;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import java.util.StringJoiner;

/** One line saying why a candidate has no result, from the google.rpc.Status a batch response carries. */
public final class StatusText {
    private StatusText() {
    }

    /** e.g. {@code INVALID_ARGUMENT: architecture.stages[0].block.kernel_size: must be one of 1, 3, 5, 7 (got 4)}. */
    public static String of(com.google.rpc.Status status) {
        StringJoiner text = new StringJoiner("; ", Status.fromCodeValue(status.getCode()).getCode() + ": ", "");
        boolean violations = false;
        for (Any detail : status.getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                try {
                    for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
                        text.add(v.getField() + ": " + v.getDescription());
                        violations = true;
                    }
                } catch (InvalidProtocolBufferException ignored) {
                    // a malformed detail: the message below still says what happened
                }
            }
        }
        if (!violations) {
            text.add(status.getMessage().isEmpty() ? "(no message)" : status.getMessage());
        }
        // one line, so that a CSV row and a progress line stay one line
        return text.toString().replaceAll("\\s*\\R\\s*", " ");
    }
}
