package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasureResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a server process while ONNX Runtime builds: the JVM used to run ONNX Runtime's shutdown
 * hook at once, which released the native environment under the build; the client got INTERNAL
 * ("Attempt to use DefaultLogger but none has been registered") and the exit took up to 2.6 x the grace.
 * Now the drain comes first: the client gets its result or UNAVAILABLE, and the process exits 0.
 */
class SignalShutdownTest {
    private static final int GRACE_SECONDS = 2;

    /** 2048 channels 3 x 3 after a 2048-channel stem: 38M parameters, a build of a second or more. */
    private static Architecture slowToBuild() {
        return Candidates.oneConvolution(32, 2048, 2).toBuilder().setName("slow-to-build").build();
    }

    @Test
    void sigtermDuringAnOnnxRuntimeBuildDrainsBeforeTheJvmExits(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, List.of(), "" + GRACE_SECONDS)) {
            ManagedChannel channel = TestServer.plaintextChannel(server.grpcPort());
            try {
                // creates the engines, ONNX Runtime's environment (and its shutdown hook) with them, as on a
                // server that has measured before
                LatencyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                        .getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());
                PendingCall<MeasureResponse> measuring = PendingCall.measure(LatencyServiceGrpc.newStub(channel),
                        // alone, so that the signal finds the worker in the candidate's build, not in the
                        // reference's calibration before it
                        Candidates.request(slowToBuild(), Candidates.quick().toBuilder().setResolution(0)
                                .setReference("none").build()));
                // the request is in once gRPC counts it; the build starts at once on the idle worker
                Await.until("the server received the Measure", () -> received(server.metricsPort()) >= 1);

                long signalled = System.nanoTime();
                server.process().destroy(); // SIGTERM
                int status = server.awaitExit();
                Duration exit = Duration.ofNanos(System.nanoTime() - signalled);

                Status.Code outcome = measuring.outcome();
                String log = server.log();
                assertTrue(Set.of(Status.Code.OK, Status.Code.UNAVAILABLE).contains(outcome),
                        "the build was cut from under the client: " + outcome + "\n" + log);
                assertFalse(log.contains("DefaultLogger"), log);
                assertEquals(0, status, log);
                // not a benchmark: the grace plus its 1 s margin, plus 3 s for a JVM exiting on a loaded machine
                assertTrue(exit.compareTo(Duration.ofSeconds(GRACE_SECONDS).plus(LatmServer.STOP_MARGIN)
                        .plusSeconds(3)) < 0, "exit took " + exit + "\n" + log);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void anOutOfMemoryErrorThatEscapesEveryHandlerEndsTheProcess(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, List.of(), "" + GRACE_SECONDS, "escape-oom")) {
            assertEquals(EscapedOutOfMemory.EXIT_STATUS, server.awaitExit(), server.log());
            assertTrue(server.log().contains("latm: out of memory in thread test-oom"), server.log());
        }
    }

    private static double received(int metricsPort) {
        try {
            return MetricsScrape.get(metricsPort, "/metrics").find("grpc_server_requests_received_messages_total",
                    Map.of("method", "Measure")).stream().mapToDouble(MetricsScrape.Sample::value).sum();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
