package dev.latm.server;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers INVALID_ARGUMENT to a request whose bytes are not the method's message ({@code 08aa} to
 * Analyze). gRPC parses requests before any service code or interceptor sees them, and a parse failure
 * there becomes UNKNOWN plus a SEVERE stack trace in the log, per call. So the service is served on raw
 * bytes ({@link ServerInterceptors#useInputStreamMessages}) and each request is parsed here, inside the
 * call, where a failure can be answered like any other bad request, with one log line.
 */
final class UndecodableRequests implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(UndecodableRequests.class);

    private UndecodableRequests() {
    }

    /** {@code service} with undecodable requests answered INVALID_ARGUMENT. */
    static ServerServiceDefinition refuse(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service),
                new UndecodableRequests());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            /** Set once the call is answered here: the service must see nothing more of it. */
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                try {
                    // parses the bytes into the method's request message and hands it on
                    super.onMessage(message);
                } catch (StatusRuntimeException e) {
                    if (!(rootCause(e) instanceof InvalidProtocolBufferException invalid)) {
                        throw e;
                    }
                    refused = true;
                    String method = call.getMethodDescriptor().getFullMethodName();
                    LOG.warn("refused an undecodable {} request: {}", method, LogText.escape(invalid.getMessage()));
                    call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                            + method + " request message: " + invalid.getMessage()), new Metadata());
                }
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
