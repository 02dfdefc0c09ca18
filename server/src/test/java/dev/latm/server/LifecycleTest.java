package dev.latm.server;

import static dev.latm.server.Candidates.quickSmall;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static dev.latm.server.Candidates.untilCancelled;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.server.metrics.LatmMetrics.Outcome;
import dev.latm.server.store.ResultStore;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start and stop: graceful shutdown bounded by the grace period even mid-measurement, the store
 * closed, stop() idempotent, and a start that fails half-way leaves nothing open.
 */
class LifecycleTest {
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Far above 2 x GRACE, far below the 600 s the running measurement would take: only a hang fails it. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(60);

    @Test
    void stopWhileMeasuringEndsTheMeasurementWithinTheGraceAndClosesTheStore(@TempDir Path dir) throws Exception {
        Path storePath = dir.resolve("results.db");
        LatmServer server = new LatmServer(TestServer.config().shutdownGrace(GRACE).store(storePath).build()).start();
        ManagedChannel channel = TestServer.plaintextChannel(server.port());
        try {
            LatencyServiceGrpc.newBlockingStub(channel).measure(quickSmall());
            // forced, or the store would answer them with the result just taken
            MeasurementOptions endless = untilCancelled().toBuilder().setForce(true).build();
            PendingCall<MeasureResponse> running = PendingCall.measure(LatencyServiceGrpc.newStub(channel), request(small(), endless));
            PendingCall<MeasureResponse> waiting = PendingCall.measure(LatencyServiceGrpc.newStub(channel), request(small(), endless));
            // the worker is idle (not new), so each enters the queue; depth 1 stays only while one runs
            Await.until("one measurement runs and one waits",
                    () -> server.registry().get("latm.queue.depth").gauge().value() == 1);

            assertTrue(Files.exists(dir.resolve("results.db-wal")), "an open store keeps its write-ahead log");

            assertTimeoutPreemptively(STOP_BOUND, server::stop);

            // the server stopped them, not the clients: retry elsewhere, rather than "you cancelled"
            assertEquals(Status.Code.UNAVAILABLE, running.outcome());
            assertEquals(Status.Code.UNAVAILABLE, waiting.outcome());
            // and the metrics say the same, not "error" (one classification for both)
            assertEquals(2, TestServer.outcomes(server, "onnxruntime", Outcome.unavailable));
            assertEquals(0, TestServer.outcomes(server, "onnxruntime", Outcome.error));
            assertEquals(0, TestServer.outcomes(server, "onnxruntime", Outcome.cancelled));
            // SQLite removes the write-ahead log when the last connection closes
            assertFalse(Files.exists(dir.resolve("results.db-wal")), "the store was not closed");
            try (ResultStore reopened = ResultStore.open(storePath)) {
                assertEquals(1, reopened.count(), "the measurement taken before the stop is kept");
            }
            assertDoesNotThrow(server::stop, "stop() is idempotent");
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        } finally {
            channel.shutdownNow();
            server.stop();
        }
    }

    /** The metrics port is taken after the gRPC port and the store are open: both must be released. */
    @Test
    void aStartThatFailsOnTheMetricsPortReleasesTheGrpcPortAndTheStore(@TempDir Path dir) throws Exception {
        int grpcPort = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LatmServer server = new LatmServer(TestServer.config().port(grpcPort).metricsPort(taken.getLocalPort())
                    .store(dir.resolve("results.db")).build());

            assertThrows(IOException.class, server::start);

            assertFalse(Files.exists(dir.resolve("results.db-wal")), "the store was left open");
            try (ServerSocket rebound = new ServerSocket(grpcPort, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(grpcPort, rebound.getLocalPort(), "the gRPC port was left bound");
            }
            assertDoesNotThrow(server::stop);
        }
    }

    @Test
    void aStartThatFailsOnTheGrpcPortCanBeStopped(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LatmServer server = new LatmServer(TestServer.config().port(taken.getLocalPort())
                    .store(dir.resolve("results.db")).build());

            assertThrows(IOException.class, server::start);

            assertFalse(Files.exists(dir.resolve("results.db-wal")), "the store was left open");
            assertDoesNotThrow(server::stop);
        }
    }

    @Test
    void stopBeforeStartDoesNothingAndAServerStartsOnce() throws Exception {
        LatmServer server = new LatmServer(TestServer.config().build());
        assertDoesNotThrow(server::stop);
        server.start();
        try {
            assertThrows(IllegalStateException.class, server::start);
        } finally {
            server.stop();
        }
    }

    /** A port nobody listens on right now (the OS hands out ephemeral ports round-robin, so it stays free). */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
