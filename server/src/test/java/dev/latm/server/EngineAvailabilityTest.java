package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.EngineInfo;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.jvm.JavaEngine;
import dev.latm.server.metrics.LatmMetrics.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Engines are created when a request first needs one, and an engine that cannot load on this host
 * is reported, with its reason, instead of failing the server.
 */
class EngineAvailabilityTest {
    private static final String REASON = "no onnxruntime4j_jni in java.library.path";

    private final AtomicInteger created = new AtomicInteger();
    private final EngineRegistry engines = new EngineRegistry(List.of(
            new EngineRegistry.Entry("native", Set.of(Dtype.FLOAT32), () -> {
                created.incrementAndGet();
                throw new UnsatisfiedLinkError(REASON);
            }),
            new EngineRegistry.Entry(JavaEngine.NAME, Set.of(Dtype.FLOAT32), () -> {
                created.incrementAndGet();
                return JavaEngine.create();
            })));

    @Test
    void anEngineThatCannotLoadIsReportedAndRefusedWhileTheOthersMeasure() throws Exception {
        ServerConfig config = TestServer.config().defaultEngine(JavaEngine.NAME).build();
        LatmServer latm = new LatmServer(config, engines).start();
        try (TestServer server = TestServer.over(latm)) {
            assertEquals(0, created.get(), "starting the server creates no engine");

            MeasureResponse measured = server.blocking().measure(request(small(), quick()));
            assertEquals(JavaEngine.NAME, measured.getEngine());
            assertEquals(1, created.get(), "a request creates only the engine it needs");

            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .measure(request(small(), quick().toBuilder().setEngine("native").build())));
            assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
            assertEquals("engine 'native' cannot run on this host: " + REASON, refused.getStatus().getDescription());
            assertEquals(1, TestServer.outcomes(latm, "native", Outcome.refused));

            DeviceInfo info = server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());
            assertEquals(List.of(
                    EngineInfo.newBuilder().setName("native").setUnavailableReason(REASON)
                            .addDtypes(dev.latm.proto.v1.Dtype.FLOAT32).build(),
                    EngineInfo.newBuilder().setName(JavaEngine.NAME).setVersion(new JavaEngine().version())
                            .addDtypes(dev.latm.proto.v1.Dtype.FLOAT32).build()),
                    info.getEnginesList());
            assertEquals(JavaEngine.NAME, info.getDefaults().getEngine());
        }
    }

    @Test
    void anUnknownEngineIsInvalidWithTheRegistrysOneText() throws Exception {
        try (TestServer server = TestServer.over(new LatmServer(TestServer.config().defaultEngine(JavaEngine.NAME)
                .build(), engines).start())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .measure(request(small(), quick().toBuilder().setEngine("tflite").build())));

            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals(List.of("options.engine"), Statuses.fields(Statuses.badRequest(e)));
            assertEquals(engines.unknown("tflite"),
                    Statuses.badRequest(e).getFieldViolations(0).getDescription());
            assertEquals("unknown engine 'tflite': this build has native, java", engines.unknown("tflite"));
        }
    }

    @Test
    void aDefaultEngineThatDoesNotExistStopsTheStartNamingWhatExists() {
        LatmServer latm = new LatmServer(TestServer.config().defaultEngine("tflite").build(), engines);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, latm::start);

        assertEquals("--engine: unknown engine 'tflite': this build has native, java", e.getMessage());
        assertEquals(0, created.get(), "no engine was created");
        assertTrue(latm.port() < 0, "nothing was bound");
        assertDoesNotThrow(latm::stop);
    }
}
