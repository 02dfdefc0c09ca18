package dev.latm.server;

import static dev.latm.server.Candidates.RESOLUTION;
import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.LayerTiming;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import dev.latm.server.metrics.LatmMetrics.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Measure end to end over real gRPC: results, echoed options, and every way a request is refused. */
class MeasureTest {
    @AutoClose
    private static final TestServer server = TestServer.started(TestServer.config());

    @Test
    void measuresAPresetWithItsStaticCostAndEveryOptionResolved() {
        MeasureResponse response = server.blocking().measure(request(small(), quick()));

        LatencyStatistics latency = response.getLatency();
        assertTrue(latency.getMedianMs() > 0, "median " + latency.getMedianMs());
        assertTrue(latency.getRuns() >= 5 && latency.getRuns() <= 20, "runs " + latency.getRuns());
        assertTrue(latency.getMinMs() <= latency.getMedianMs() && latency.getMedianMs() <= latency.getMaxMs());
        assertTrue(latency.getCiLowMs() <= latency.getMedianMs() && latency.getMedianMs() <= latency.getCiHighMs());
        assertTrue(response.getWarmupRuns() >= 2, "warm-up runs " + response.getWarmupRuns());
        assertTrue(response.getBuildMs() > 0 && response.getFirstRunMs() > 0);

        CompiledArchitecture compiled = CompiledArchitecture.compile(small(), Limits.DEFAULT, RESOLUTION, 0);
        assertEquals(compiled.id(), response.getArchitectureId());
        assertEquals("mobilenet_v3_small", response.getName());
        assertEquals(compiled.cost().params(), response.getCost().getParams());
        assertEquals(compiled.cost().trainingParams(), response.getCost().getParamsTraining());
        assertEquals(compiled.cost().macs(), response.getCost().getMacs());
        assertEquals(compiled.cost().peakActivationBytes(), response.getCost().getPeakActivationBytes());

        assertEquals("onnxruntime", response.getEngine());
        assertEquals(OnnxRuntimeEngine.create().version(), response.getEngineVersion());
        assertEquals("test-device", response.getDeviceId());
        assertFalse(response.getFromStore());
        Instant measuredAt = Instant.parse(response.getMeasuredAt());
        assertFalse(measuredAt.isAfter(Instant.now()), "measured_at " + measuredAt + " is in the future");
        assertFalse(response.hasProfile());
        assertEquals(0, latency.getSamplesMsCount());

        MeasurementOptions expected = MeasurementOptions.newBuilder()
                .setEngine("onnxruntime").setThreads(1).setBatch(1).setResolution(RESOLUTION)
                .setPrecision(0.01).setMinRuns(5).setMaxRuns(20).setMaxSeconds(30)
                .setWarmupRuns(2).setWarmupSeconds(0.01).setSeed(EngineOptions.DEFAULT_SEED)
                .setReference("mobilenet_v3_small").setWarmupBudgetSeconds(0.2).setInterleave(8)
                .setDtype(dev.latm.proto.v1.Dtype.FLOAT32)
                .build();
        assertEquals(expected, response.getOptions());
    }

    @Test
    void returnsEverySampleAndAPerLayerProfileWhenAsked() {
        MeasurementOptions options = quick().toBuilder().setReturnSamples(true).setProfile(true).build();
        MeasureResponse response = server.blocking().measure(request(small(), options));

        LatencyStatistics latency = response.getLatency();
        assertEquals(latency.getRuns(), latency.getSamplesMsCount());
        assertTrue(latency.getSamplesMsList().stream().allMatch(sample -> sample > 0));
        assertEquals(latency.getMinMs(), latency.getSamplesMsList().stream().mapToDouble(d -> d).min().orElseThrow());
        assertTrue(response.getOptions().getReturnSamples() && response.getOptions().getProfile());

        assertTrue(response.hasProfile());
        List<String> groups = response.getProfile().getGroupsList().stream().map(LayerTiming::getName).toList();
        assertTrue(groups.contains("stem") && groups.contains("head"), "groups " + groups);
        assertTrue(response.getProfile().getLayersCount() > 10);
        assertTrue(response.getProfile().getTotalMs() > 0);
    }

    @Test
    void namesEveryBadFieldOfTheArchitectureAndTheOptionsAtOnce() {
        Architecture.Builder broken = small().toBuilder();
        broken.getStagesBuilder(0).getBlockBuilder().setKernelSize(4);
        broken.getStemBuilder().setStride(3);
        MeasurementOptions badOptions = quick().toBuilder().setMinRuns(-1).setPrecision(2).setThreads(-1).build();
        double invalidBefore = server.outcomes(Outcome.invalid);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().measure(request(broken.build(), badOptions)));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        List<String> fields = Statuses.fields(Statuses.badRequest(e));
        assertTrue(fields.containsAll(List.of("architecture.stages[0].block.kernel_size", "architecture.stem.stride",
                "options.min_runs", "options.precision", "options.threads")), "fields " + fields);
        assertTrue(e.getStatus().getDescription().contains("kernel_size"), e.getStatus().getDescription());
        assertEquals(invalidBefore + 1, server.outcomes(Outcome.invalid));
    }

    /** The outcome counter counts every request; one naming an engine it lacks is invalid, not lost. */
    @Test
    void anUnknownEngineIsInvalidAndStillCounted() {
        double invalidBefore = server.outcomes(Outcome.invalid);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().measure(
                request(small(), quick().toBuilder().setEngine("tflite").build())));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("options.engine"), Statuses.fields(Statuses.badRequest(e)));
        assertTrue(e.getStatus().getDescription().contains("onnxruntime"), e.getStatus().getDescription());
        assertEquals(invalidBefore + 1, server.outcomes(Outcome.invalid));
    }

    @Test
    void overridesOutOfRangeAreInvalidWithTheirOptionsPath() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().measure(
                request(small(), quick().toBuilder().setResolution(16).setBatch(-2).build())));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("options.resolution", "options.batch"), Statuses.fields(Statuses.badRequest(e)));
    }

    /** Regression: a negative override was reported twice, by the options and by the architecture, in two texts. */
    @Test
    void aNegativeBatchOrResolutionIsReportedOnceSayingWhatIsAllowed() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().measure(
                request(small(), quick().toBuilder().setResolution(-1).setBatch(-2).build())));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        List<BadRequest.FieldViolation> violations = Statuses.badRequest(e).getFieldViolationsList();
        assertEquals(List.of("options.resolution", "options.batch"),
                violations.stream().map(BadRequest.FieldViolation::getField).toList());
        assertEquals("must be in [32, " + Limits.DEFAULT.maxResolution() + "] or 0 for the architecture's own (got -1)",
                violations.get(0).getDescription());
        assertEquals("must be in [1, " + Limits.DEFAULT.maxBatch() + "] or 0 for the architecture's own (got -2)",
                violations.get(1).getDescription());
    }

    /**
     * Regression: warm-up longer than the timed phase passed the resolver and failed only inside the
     * queued measurement, without a BadRequest, naming fields that are not on the wire
     * ({@code warmup_min_time}, {@code max_time}).
     */
    @Test
    void aWarmupLongerThanMaxSecondsIsABadRequestNamingTheWireFields() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().measure(
                request(small(), quick().toBuilder().setMaxSeconds(1).setWarmupSeconds(2).build())));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        BadRequest details = Statuses.badRequest(e);
        assertEquals(List.of("options.warmup_seconds"), Statuses.fields(details));
        assertEquals("must be in (0, options.max_seconds = 1] (got 2)",
                details.getFieldViolations(0).getDescription());
        assertFalse(e.getStatus().getDescription().contains("max_time"), e.getStatus().getDescription());
    }

    @Test
    void requestsOverAServerLimitAreResourceExhaustedNamingTheLimit() {
        double refusedBefore = server.outcomes(Outcome.refused);
        StatusRuntimeException resolution = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                .measure(request(small(), quick().toBuilder().setResolution(Limits.DEFAULT.maxResolution() + 8)
                        .build())));
        StatusRuntimeException runs = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                .measure(request(small(), quick().toBuilder().setMaxRuns(1_000_000).build())));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, resolution.getStatus().getCode());
        assertEquals(List.of("options.resolution"), Statuses.fields(Statuses.badRequest(resolution)));
        assertTrue(resolution.getStatus().getDescription().contains(Integer.toString(Limits.DEFAULT.maxResolution())),
                resolution.getStatus().getDescription());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, runs.getStatus().getCode());
        assertEquals(List.of("options.max_runs"), Statuses.fields(Statuses.badRequest(runs)));
        assertEquals(refusedBefore + 2, server.outcomes(Outcome.refused));
    }

    /** A limit next to a malformed field is still the client's mistake to fix first. */
    @Test
    void aMalformedFieldBesideALimitMakesTheRequestInvalid() {
        Architecture.Builder broken = small().toBuilder();
        broken.getStagesBuilder(0).getBlockBuilder().setKernelSize(4);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().measure(
                request(broken.build(), quick().toBuilder().setMaxRuns(1_000_000).build())));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        BadRequest details = Statuses.badRequest(e);
        assertEquals(List.of("options.max_runs", "architecture.stages[0].block.kernel_size"), Statuses.fields(details));
    }
}
