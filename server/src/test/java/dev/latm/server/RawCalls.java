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
import java.util.function.Consumer;

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
     * how many responses came (server streams are read to the end).
     *
     * @throws StatusRuntimeException when the call fails
     */
    static int call(Channel channel, String fullMethodName, MethodDescriptor.MethodType type, byte[] request,
                    Duration deadline) {
        return call(channel, fullMethodName, type, request, deadline, response -> { });
    }

    /** {@link #call(Channel, String, MethodDescriptor.MethodType, byte[], Duration)}, each response to {@code each}. */
    static int call(Channel channel, String fullMethodName, MethodDescriptor.MethodType type, byte[] request,
                    Duration deadline, Consumer<byte[]> each) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.newBuilder(BYTES, BYTES)
                .setFullMethodName(fullMethodName).setType(type).build();
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (type == MethodDescriptor.MethodType.UNARY) {
            each.accept(ClientCalls.blockingUnaryCall(channel, method, options, request));
            return 1;
        }
        int count = 0;
        Iterator<byte[]> responses = ClientCalls.blockingServerStreamingCall(channel, method, options, request);
        while (responses.hasNext()) {
            each.accept(responses.next());
            count++;
        }
        return count;
    }
}
