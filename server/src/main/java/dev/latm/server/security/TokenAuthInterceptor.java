package dev.latm.server.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Bearer-token authentication: every call must carry {@code authorization: Bearer TOKEN}, except
 * the health service, which load balancers and Kubernetes probe without credentials.
 */
public final class TokenAuthInterceptor implements ServerInterceptor {
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    public TokenAuthInterceptor(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the auth token must not be empty");
        }
        this.expected = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER)) {
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "this server requires 'authorization: Bearer TOKEN' (latm: --auth-token-file)"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // constant time, so the comparison does not leak how much of a guess was right
        if (!MessageDigest.isEqual(expected, presented)) {
            call.close(Status.UNAUTHENTICATED.withDescription("invalid bearer token"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
