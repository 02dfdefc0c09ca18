package dev.latm.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/** Builds the gRPC channels of LatmClient and Fleet: latm's retry policy, TLS and load balancing. */
final class GrpcChannels {
    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private GrpcChannels() {
    }

    /**
     * A channel to {@code options.target()}; {@code round_robin} spreads calls over every address the
     * target resolves to (one per device of a fleet), {@code pick_first} keeps to one.
     */
    static ManagedChannel open(ClientOptions options, String loadBalancing) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(options.target())
                .defaultLoadBalancingPolicy(loadBalancing)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .defaultServiceConfig(retryConfig(options))
                .enableRetry();
        if (options.trustedCa() != null) {
            try {
                SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(options.trustedCa().toFile());
                if (options.clientCert() != null) {
                    ssl.keyManager(options.clientCert().toFile(), options.clientKey().toFile());
                }
                builder.sslContext(ssl.build());
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot load the TLS files: " + e.getMessage(), e);
            }
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    /**
     * gRPC's own transparent retry of UNAVAILABLE (a device restarting, a pod not yet ready) with
     * exponential backoff. Nothing else is retried: INVALID_ARGUMENT will not get better, and a
     * RESOURCE_EXHAUSTED queue is the caller's to pace.
     */
    static Map<String, Object> retryConfig(ClientOptions options) {
        double backoffSeconds = options.initialBackoff().toMillis() / 1000.0;
        Map<String, Object> retryPolicy = Map.of(
                "maxAttempts", (double) Math.min(options.maxAttempts(), 5),
                "initialBackoff", backoffSeconds + "s",
                "maxBackoff", Math.max(backoffSeconds * 16, 1) + "s",
                "backoffMultiplier", 2.0,
                "retryableStatusCodes", List.of("UNAVAILABLE"));
        Map<String, Object> methodConfig = options.maxAttempts() > 1
                ? Map.of("name", List.of(Map.of("service", "latm.v1.LatencyService")), "retryPolicy", retryPolicy)
                : Map.of("name", List.of(Map.of("service", "latm.v1.LatencyService")));
        return Map.of("methodConfig", List.of(methodConfig));
    }
}
