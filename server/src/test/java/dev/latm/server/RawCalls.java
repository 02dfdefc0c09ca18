package dev.latm.server;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/** Calls a server method with raw bytes as the request, as a hostile or broken client would. */
final class RawCalls {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawCalls() {
    }

    /**
     * Sends {@code request} to {@code fullMethodName} ({@code latm.v1.LatencyService/Analyze}) and returns
     * the responses' bytes (server streams are read to the end).
     *
     * @throws StatusRuntimeException when the call fails
     */
    static int call(Channel channel, String fullMethodName, MethodDescriptor.MethodType type, byte[] request,
                    Duration deadline) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.newBuilder(BYTES, BYTES)
                .setFullMethodName(fullMethodName).setType(type).build();
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (type == MethodDescriptor.MethodType.UNARY) {
            return ClientCalls.blockingUnaryCall(channel, method, options, request).length;
        }
        int bytes = 0;
        Iterator<byte[]> responses = ClientCalls.blockingServerStreamingCall(channel, method, options, request);
        while (responses.hasNext()) {
            bytes += responses.next().length;
        }
        return bytes;
    }
}
