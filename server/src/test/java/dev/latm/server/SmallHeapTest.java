package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.ExportRequest;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.ServerLimits;
import dev.latm.runtime.jvm.JavaEngine;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server under -Xmx256m takes its limits from its heap and refuses on static cost what would not fit,
 * where it used to fail with INTERNAL "Java heap space" (a network within the fixed 4 GiB activation
 * limit on the java engine) or UNKNOWN from an OutOfMemoryError in gRPC's threads (concurrent exports).
 */
class SmallHeapTest {
    private static final long MIB = 1 << 20;

    /** 64 channels at 1024 x 1024: half a GiB of activations at peak, far within the fixed 4 GiB limit. */
    private static Architecture wideActivations() {
        return Candidates.oneConvolution(1024, 64, 1);
    }

    /** 7M parameters, 28 MB of ONNX: three at once held ~250 MB on a 256 MB heap. */
    private static Architecture manyParameters() {
        return Candidates.oneConvolution(32, 880, 2);
    }

    @Test
    void limitsFollowTheHeapAndWhatWouldNotFitIsRefusedBeforeItIsAllocated(@TempDir Path dir) throws Exception {
        try (ServerProcess process = ServerProcess.start(dir, List.of("-Xmx256m"), "5")) {
            ManagedChannel channel = TestServer.plaintextChannel(process.grpcPort());
            try {
                LatencyServiceGrpc.LatencyServiceBlockingStub stub = LatencyServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(TestServer.CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                ServerLimits limits = stub.getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance()).getLimits();
                assertTrue(limits.getMaxActivationBytes() > 32 * MIB && limits.getMaxActivationBytes() <= 64 * MIB,
                        limits.toString());
                assertTrue(limits.getMaxParams() <= 256 * MIB / 32, limits.toString());
                assertTrue(limits.getMaxExportBytes() > 8 * MIB && limits.getMaxExportBytes() <= 16 * MIB,
                        limits.toString());

                StatusRuntimeException refused = expectFailure(() -> stub.measure(Candidates.request(
                        wideActivations(), Candidates.quick().toBuilder().setResolution(0)
                                .setEngine(JavaEngine.NAME).build())));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(), refused.toString());
                assertTrue(refused.getStatus().getDescription().contains("max_activation_bytes = "
                        + limits.getMaxActivationBytes()), refused.getStatus().getDescription());

                List<CompletableFuture<Status.Code>> exports = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    exports.add(CompletableFuture.supplyAsync(() -> export(stub, manyParameters())));
                }
                for (CompletableFuture<Status.Code> export : exports) {
                    assertEquals(Status.Code.RESOURCE_EXHAUSTED, export.get(60, TimeUnit.SECONDS), process.log());
                }

                // and the server is whole: a model within the limit exports, a network measures, health serves
                assertEquals(Status.Code.OK, export(stub, Presets.get("mobilenet_v3_small")), process.log());
                // alone: a server process calibrates a reference with the real plan, which a busy test
                // machine can refuse, and this test is about memory, not anchoring
                assertEquals(JavaEngine.NAME, stub.measure(Candidates.request(Candidates.small(),
                        Candidates.quick().toBuilder().setEngine(JavaEngine.NAME).setReference("none").build()))
                        .getEngine());
                assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private static Status.Code export(LatencyServiceGrpc.LatencyServiceBlockingStub stub, Architecture architecture) {
        try {
            stub.export(ExportRequest.newBuilder().setArchitecture(architecture).setResolution(64).build());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static StatusRuntimeException expectFailure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }
}
