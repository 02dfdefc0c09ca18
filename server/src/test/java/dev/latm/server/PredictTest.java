package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Code;
import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.Learner;
import dev.latm.model.predict.PredictorFile;
import dev.latm.model.predict.PredictorKey;
import dev.latm.model.predict.SyntheticDevice;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.PredictRequest;
import dev.latm.proto.v1.PredictResponse;
import dev.latm.proto.v1.Prediction;
import dev.latm.proto.v1.PredictorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Predict RPC over real gRPC, served from a predictor file of the synthetic device. */
class PredictTest {
    static final PredictorKey KEY = new PredictorKey("test-device", SyntheticEngine.NAME, SyntheticEngine.VERSION, 1,
            224, 1, DtypeLabel.FLOAT32);
    private static final LatencyPredictor PREDICTOR = SyntheticDevice.predictor(KEY, Learner.LINEAR, 60);

    @TempDir
    static Path dir;
    private static SyntheticEngine engine;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path file = dir.resolve("synthetic.predictor.json");
        PredictorFile.save(PREDICTOR, file);
        engine = new SyntheticEngine(0.01);
        server = TestServer.over(engine.start(TestServer.config().predictors(List.of(file))));
    }

    @AfterAll
    static void stop() {
        engine.release();
        server.close();
    }

    private static PredictRequest request(MeasurementOptions options, Architecture... architectures) {
        return PredictRequest.newBuilder().addAllArchitectures(List.of(architectures)).setOptions(options).build();
    }

    @Test
    void predictionsEqualTheLibrarysWithTheirIntervalAndThePredictorsIdentity() {
        Architecture large = Presets.get("mobilenet_v3_large");
        Architecture bad = large.toBuilder().setStages(0, large.getStages(0).toBuilder()
                .setBlock(large.getStages(0).getBlock().toBuilder().setKernelSize(4))).build();
        Architecture small = Presets.get("mobilenet_v3_small");

        PredictResponse response = server.blocking().predict(request(MeasurementOptions.getDefaultInstance(), large,
                bad, small));

        assertEquals(3, response.getPredictionsCount());
        for (int i : new int[] {0, 2}) {
            Prediction prediction = response.getPredictions(i);
            dev.latm.model.predict.Prediction library = PREDICTOR.predict(i == 0 ? large : small);
            assertEquals(i, prediction.getIndex());
            assertEquals(library.latencyMs(), prediction.getLatMs(), 0, "the library's value, exactly");
            assertEquals(library.lowMs(), prediction.getLowMs(), 0);
            assertEquals(library.highMs(), prediction.getHighMs(), 0);
            assertTrue(prediction.getLowMs() < prediction.getLatMs() && prediction.getLatMs() < prediction.getHighMs());
            assertEquals(0.9, prediction.getCoverage());
            assertEquals(PREDICTOR.id(), prediction.getPredictorId());
            assertEquals(16, prediction.getArchitectureId().length());
        }
        Prediction refused = response.getPredictions(1);
        assertEquals(Code.INVALID_ARGUMENT.getNumber(), refused.getError().getCode());
        assertEquals(List.of("architecture.stages[0].block.kernel_size"),
                Statuses.fields(Statuses.badRequest(refused.getError())));
        assertEquals(0, refused.getLatMs());

        assertEquals(1, response.getPredictorsCount());
        PredictorInfo info = response.getPredictors(0);
        assertEquals(PREDICTOR.id(), info.getId());
        assertEquals(List.of("test-device", "synthetic", "1.0", "float32", "linear", "median_ms",
                "2026-01-01T00:00:00Z"), List.of(info.getDeviceId(), info.getEngine(), info.getEngineVersion(),
                info.getDtype(), info.getLearner(), info.getLabel(), info.getBuiltAt()));
        assertEquals(List.of(1, 224, 1, 60, 60), List.of(info.getThreads(), info.getResolution(), info.getBatch(),
                info.getSamples(), info.getCrossValidation().getCount()));
        assertEquals(PREDICTOR.training().crossValidation().rmspe(), info.getCrossValidation().getRmspe(), 0);
    }

    @Test
    void aConfigurationWithoutAPredictorIsAFailedPreconditionNamingWhatIsLoaded() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().predict(
                request(MeasurementOptions.newBuilder().setThreads(2).build(), Presets.get("mobilenet_v3_small"))));

        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("no latency predictor for synthetic, 2 threads, 224 px, batch 1, float32 on this device; "
                + "loaded: synthetic, 1 thread, 224 px, batch 1, float32 (" + PREDICTOR.id() + ")",
                e.getStatus().getDescription());
    }

    @Test
    void badOptionsAreRefusedAsForAMeasurement() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().predict(
                request(MeasurementOptions.newBuilder().setThreads(-1).build(), Presets.get("mobilenet_v3_small"))));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("options.threads"), Statuses.fields(Statuses.badRequest(e)));
    }

    @Test
    void predictionsAreNotQueuedBehindAMeasurement() throws Exception {
        engine.hold();
        PendingCall<MeasureResponse> measuring = PendingCall.measure(server.async(), Candidates.request(Presets.get("mnasnet_a1"),
                MeasurementOptions.newBuilder().setResolution(224).setForce(true).build()));
        try {
            assertTrue(engine.awaitHeldRun(30), "the measurement runs");

            PredictResponse response = server.blocking().predict(request(MeasurementOptions.getDefaultInstance(),
                    Presets.get("mobilenet_v2")));

            assertEquals(PREDICTOR.predict(Presets.get("mobilenet_v2")).latencyMs(),
                    response.getPredictions(0).getLatMs(), 0);
            assertFalse(measuring.received().size() > 0, "answered while the measurement still ran");
        } finally {
            engine.release();
        }
        assertEquals(Status.Code.OK, measuring.outcome());
    }

    @Test
    void deviceInfoListsTheLoadedPredictors() {
        DeviceInfo info = server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());

        assertEquals(1, info.getPredictorsCount());
        assertEquals(PREDICTOR.id(), info.getPredictors(0).getId());
        assertEquals(60, info.getPredictors(0).getCrossValidation().getCount());
    }
}
