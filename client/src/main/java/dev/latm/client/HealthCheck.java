package dev.latm.client;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one call of grpc.health.v1 the client makes, {@code Health/Check}, written by hand.
 *
 * <p>Why not grpc-services' generated stubs: that artifact (the server side of health, reflection,
 * channelz, admin) and the protobuf-java-util it brings add 1 MB to every application that embeds
 * the client, for two messages of one field each. Their wire format is fixed by the published
 * {@code grpc/health/v1/health.proto}: {@code HealthCheckRequest { string service = 1; }} and
 * {@code HealthCheckResponse { ServingStatus status = 1; }}, so each marshaller is a few lines of
 * protobuf's own coded streams. HealthCheckTest holds them to grpc-services' generated classes.
 */
final class HealthCheck {
    /** Check: the service name in ("" = the whole server), its status out. */
    static final MethodDescriptor<String, ServingStatus> CHECK = MethodDescriptor.<String, ServingStatus>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("grpc.health.v1.Health", "Check"))
            .setRequestMarshaller(new Request())
            .setResponseMarshaller(new Response())
            .setIdempotent(true)
            .build();

    /** Both messages keep their one field at number 1. */
    private static final int FIELD = 1;

    private HealthCheck() {
    }

    /** {@code HealthCheckRequest}; proto3 leaves an empty service name off the wire. */
    private static final class Request implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String service) {
            return write(out -> {
                if (!service.isEmpty()) {
                    out.writeString(FIELD, service);
                }
            });
        }

        @Override
        public String parse(InputStream stream) {
            String[] service = {""};
            read(stream, WireFormat.WIRETYPE_LENGTH_DELIMITED, in -> service[0] = in.readStringRequireUtf8(),
                    "HealthCheckRequest");
            return service[0];
        }
    }

    /** {@code HealthCheckResponse}; a status number this client does not know reads as UNKNOWN. */
    private static final class Response implements MethodDescriptor.Marshaller<ServingStatus> {
        @Override
        public InputStream stream(ServingStatus status) {
            return write(out -> {
                if (status != ServingStatus.UNKNOWN) {
                    out.writeEnum(FIELD, status.ordinal());
                }
            });
        }

        @Override
        public ServingStatus parse(InputStream stream) {
            ServingStatus[] status = {ServingStatus.UNKNOWN};
            read(stream, WireFormat.WIRETYPE_VARINT, in -> status[0] = ServingStatus.forNumber(in.readEnum()),
                    "HealthCheckResponse");
            return status[0];
        }
    }

    private interface FieldWriter {
        void write(CodedOutputStream out) throws IOException;
    }

    private interface FieldReader {
        void read(CodedInputStream in) throws IOException;
    }

    private static InputStream write(FieldWriter field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            field.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** Reads field 1 of {@code wireType} (the last one wins, as in protobuf) and skips every other field. */
    private static void read(InputStream stream, int wireType, FieldReader field, String message) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(stream);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == FIELD && WireFormat.getTagWireType(tag) == wireType) {
                    field.read(in);
                } else if (!in.skipField(tag)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed grpc.health.v1." + message + ": " + e.getMessage(), e);
        }
    }
}
