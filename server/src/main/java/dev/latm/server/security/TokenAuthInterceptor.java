package dev.latm.server.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;

/**
 * Bearer-token authentication: every call must carry {@code authorization: Bearer TOKEN} (the scheme in
 * any case), except the health service, which load balancers and Kubernetes probe without credentials.
 * A wrong token is refused after {@link TokenCheck}'s delay, from its timer; no gRPC thread waits.
 */
public final class TokenAuthInterceptor implements ServerInterceptor {
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TokenCheck tokens;

    public TokenAuthInterceptor(TokenCheck tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        switch (tokens.check(headers.get(AUTHORIZATION))) {
            case ACCEPTED:
                return next.startCall(call, headers);
            case MISSING:
                call.close(Status.UNAUTHENTICATED.withDescription(
                        "this server requires 'authorization: Bearer TOKEN' (latm: --auth-token-file)"),
                        new Metadata());
                return new ServerCall.Listener<>() { };
            default:
                // the call stays open, reading nothing, until the timer refuses it
                tokens.afterFailureDelay(() -> call.close(Status.UNAUTHENTICATED.withDescription(
                        "invalid bearer token"), new Metadata()));
                return new ServerCall.Listener<>() { };
        }
    }
}
