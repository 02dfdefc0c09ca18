package dev.latm.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;

/**
 * Refuses new calls with UNAVAILABLE once the server drains, while calls in flight finish and the
 * health service keeps answering NOT_SERVING: a load balancer or Kubernetes sees the device leave
 * (NOT_SERVING) for the whole drain, instead of a port that stops answering at once.
 */
final class DrainGate implements ServerInterceptor {
    private volatile boolean draining;

    /** From now on every new call except a health check is refused. */
    void close() {
        draining = true;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (draining && !HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
            call.close(Status.UNAVAILABLE.withDescription("the server is shutting down; retry on another device"),
                    new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
