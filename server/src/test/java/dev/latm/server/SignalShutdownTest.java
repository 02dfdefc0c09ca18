package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        return Architecture.newBuilder().setName("slow-to-build").setInput(Input.newBuilder().setResolution(32))
                .setStem(Stem.newBuilder().setOutChannels(2048))
                .addStages(Stage.newBuilder().setRepeats(1).setBlock(Block.newBuilder().setOp(ConvOp.CONV)
                        .setKernelSize(3).setOutChannels(2048)))
                .setHead(Head.getDefaultInstance()).build();
    }

    @Test
    void sigtermDuringAnOnnxRuntimeBuildDrainsBeforeTheJvmExits(@TempDir Path dir) throws Exception {
        Path stdout = dir.resolve("server.out");
        Path stderr = dir.resolve("server.err");
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), SignalledServer.class.getName(), "" + GRACE_SECONDS)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            Await.until("the server prints its ports", () -> portsLine(stdout) != null);
            String[] ports = portsLine(stdout).split(" ");
            int grpcPort = Integer.parseInt(ports[1]);
            int metricsPort = Integer.parseInt(ports[2]);
            ManagedChannel channel = TestServer.plaintextChannel(grpcPort);
            try {
                // creates the engines, ONNX Runtime's environment (and its shutdown hook) with them, as on a
                // server that has measured before
                LatencyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                        .getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());
                PendingCall measuring = PendingCall.measure(LatencyServiceGrpc.newStub(channel),
                        Candidates.request(slowToBuild(), Candidates.quick().toBuilder().setResolution(0).build()));
                // the request is in once gRPC counts it; the build starts at once on the idle worker
                Await.until("the server received the Measure", () -> received(metricsPort) >= 1);

                long signalled = System.nanoTime();
                process.destroy(); // SIGTERM
                assertTrue(process.waitFor(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the server did not exit");
                Duration exit = Duration.ofNanos(System.nanoTime() - signalled);

                Status.Code outcome = measuring.outcome();
                String log = Files.readString(stdout) + Files.readString(stderr);
                assertTrue(Set.of(Status.Code.OK, Status.Code.UNAVAILABLE).contains(outcome),
                        "the build was cut from under the client: " + outcome + "\n" + log);
                assertFalse(log.contains("DefaultLogger"), log);
                assertEquals(0, process.exitValue(), log);
                // not a benchmark: the grace plus its 1 s margin, plus 3 s for a JVM exiting on a loaded machine
                assertTrue(exit.compareTo(Duration.ofSeconds(GRACE_SECONDS).plus(LatmServer.STOP_MARGIN)
                        .plusSeconds(3)) < 0, "exit took " + exit + "\n" + log);
            } finally {
                channel.shutdownNow();
            }
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    private static String portsLine(Path stdout) {
        try {
            return Files.readAllLines(stdout).stream().filter(line -> line.startsWith("ports ")).findFirst()
                    .orElse(null);
        } catch (java.io.IOException e) {
            return null;
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
