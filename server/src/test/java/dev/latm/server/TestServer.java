package dev.latm.server;

import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.server.metrics.LatmMetrics;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link LatmServer} (Netty on a free loopback port, ONNX Runtime) and a plaintext channel to
 * it, for tests. Closing it closes the channel and stops the server.
 */
final class TestServer implements AutoCloseable {
    /** Long enough for any quick measurement on a loaded 2-core machine; bounds a hung test. */
    static final Duration CALL_DEADLINE = Duration.ofSeconds(60);
    /** Exported models carry their weights (mobilenet_v3_small: 10 MB), over gRPC's 4 MiB default. */
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final LatmServer server;
    private final ManagedChannel channel;

    private TestServer(LatmServer server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    static TestServer start(ServerConfig.Builder config) throws IOException {
        return start(config.build());
    }

    static TestServer start(ServerConfig config) throws IOException {
        return over(new LatmServer(config).start());
    }

    /**
     * {@link #start(ServerConfig.Builder)} for a static field's initializer, which cannot throw an
     * IOException: {@code @AutoClose static final TestServer server = TestServer.started(...)} gives the tests
     * of a class one server, closed after the last of them.
     */
    static TestServer started(ServerConfig.Builder config) {
        try {
            return start(config);
        } catch (IOException e) {
            throw new UncheckedIOException("the test server did not start", e);
        }
    }

    /** A channel to a server a test started itself (other engines, ...); closing stops the server. */
    static TestServer over(LatmServer started) {
        return new TestServer(started, plaintextChannel(started.port()));
    }

    static ManagedChannel plaintextChannel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
    }

    /**
     * Loopback, free ports, no store, metrics endpoint off, a cheap calibration of the reference
     * ({@link TestServers#CHEAP_CALIBRATION}), a fixed device id and a short shutdown grace so that a
     * test that leaves a measurement running cannot hold up the suite; a test changes what it needs and
     * builds.
     */
    static ServerConfig.Builder config() {
        return TestServers.loopback().deviceId("test-device").shutdownGrace(Duration.ofSeconds(2));
    }

    LatmServer server() {
        return server;
    }

    ManagedChannel channel() {
        return channel;
    }

    /** A blocking stub with {@link #CALL_DEADLINE}. */
    LatencyServiceGrpc.LatencyServiceBlockingStub blocking() {
        return LatencyServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An async stub without a deadline: the test decides when the call ends. */
    LatencyServiceGrpc.LatencyServiceStub async() {
        return LatencyServiceGrpc.newStub(channel);
    }

    /** {@code latm_measurements_total{engine="onnxruntime",outcome=...}} as the registry holds it. */
    double outcomes(LatmMetrics.Outcome outcome) {
        return outcomes(server, "onnxruntime", outcome);
    }

    /** {@code latm_measurements_total{engine,outcome}} of any server. */
    static double outcomes(LatmServer server, String engine, LatmMetrics.Outcome outcome) {
        Counter counter = server.registry().find(LatmMetrics.MEASUREMENTS)
                .tags(LatmMetrics.TAG_ENGINE, engine, LatmMetrics.TAG_OUTCOME, outcome.name()).counter();
        if (counter == null) {
            throw new AssertionError("no counter " + LatmMetrics.MEASUREMENTS + " for outcome " + outcome);
        }
        return counter.count();
    }

    /** Every finished measurement request, whatever its outcome. */
    double finishedMeasurements() {
        double total = 0;
        for (LatmMetrics.Outcome outcome : LatmMetrics.Outcome.values()) {
            total += outcomes(outcome);
        }
        return total;
    }

    /** {@code latm_queue_depth}: measurements waiting behind the running one. */
    double queueDepth() {
        return server.registry().get(LatmMetrics.QUEUE_DEPTH).gauge().value();
    }

    /** Not {@code throws InterruptedException}, which try-with-resources would warn about. */
    @Override
    public void close() {
        try {
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the test server", e);
        }
    }
}
