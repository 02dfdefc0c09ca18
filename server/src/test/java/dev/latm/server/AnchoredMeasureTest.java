package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.AnchoredLatency;
import dev.latm.proto.v1.CalibrateRequest;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.proto.v1.WarmupOutcome;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import dev.latm.server.store.ResultStore;
import dev.latm.server.store.StoreKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anchored measurement end to end over real gRPC and ONNX Runtime: every field of an anchored result,
 * the device's calibrated baseline (kept in the store, listed, recalibrated on demand), store keys that
 * tell references apart, and results stored before anchoring existed.
 */
class AnchoredMeasureTest {

    @Test
    void anAnchoredMeasureFillsEveryFieldConsistently() {
        try (TestServer server = start(TestServer.config())) {
            MeasureResponse response = server.blocking().measure(request(small(), quick().toBuilder()
                    .setReturnSamples(true).build()));

            AnchoredLatency anchored = response.getAnchored();
            ReferenceBaseline baseline = baselines(server).get(0);
            assertEquals("mobilenet_v3_small", anchored.getReference());
            assertEquals(baseline.getMedianMs(), anchored.getBaselineMs(), "scaled by the device's baseline");
            assertEquals(anchored.getRelative() * anchored.getBaselineMs(), anchored.getNormalizedMs(), 1e-9);
            assertEquals(anchored.getNormalizedMs(), response.getLatMs());
            assertEquals(anchored.getReferenceMedianMs() / anchored.getBaselineMs(), anchored.getDeviceSpeedRatio(),
                    1e-9);
            assertTrue(anchored.getRelativeCiLow() <= anchored.getRelative()
                    && anchored.getRelative() <= anchored.getRelativeCiHigh(), anchored.toString());
            assertEquals((anchored.getRelativeCiHigh() - anchored.getRelativeCiLow()) / 2 / anchored.getRelative(),
                    anchored.getRelativeCiHalfWidthRel(), 1e-9);
            LatencyStatistics latency = response.getLatency();
            assertEquals(latency.getRuns(), anchored.getPairs(), "one candidate run per pair");
            assertEquals(anchored.getPairs() >= 5 && anchored.getRelativeCiHalfWidthRel() <= 0.01,
                    latency.getTargetReached(), "target_reached judges the ratios");
            // the candidate at 64 px is far faster than the reference at 224
            assertTrue(anchored.getRelative() < 1, "relative " + anchored.getRelative());

            assertNotEquals(WarmupOutcome.WARMUP_OUTCOME_UNSPECIFIED, response.getWarmupOutcome());
            assertTrue(response.hasStationarity());
            assertEquals(!response.getStationarity().getStationary(), response.getStationarity().hasChangepointRun());
            assertEquals(response.getWarmupRuns(), response.getWarmupSamplesMsCount());
            assertTrue(response.getWarmupSamplesMsList().stream().allMatch(ms -> ms > 0));
            assertEquals(latency.getRuns(), latency.getSamplesMsCount());

            assertEquals("onnxruntime", baseline.getEngine());
            assertEquals(OnnxRuntimeEngine.create().version(), baseline.getEngineVersion());
            assertEquals(1, baseline.getThreads());
            assertEquals("FLOAT32", baseline.getDtype());
            assertEquals("test-device", baseline.getDeviceId());
            assertTrue(baseline.getStationary() && baseline.getAttempts() >= 1 && baseline.getRuns() >= 20);
        }
    }

    @Test
    void referenceNoneTimesTheCandidateAloneAndCalibratesNothing() {
        try (TestServer server = start(TestServer.config())) {
            MeasureResponse response = server.blocking().measure(request(small(), quick().toBuilder()
                    .setReference("none").build()));

            assertFalse(response.hasAnchored());
            assertEquals(response.getLatency().getMedianMs(), response.getLatMs());
            assertEquals("none", response.getOptions().getReference());
            assertEquals(List.of(), baselines(server));
        }
    }

    @Test
    void theBaselineIsKeptListedReusedAfterARestartAndRecalibratedOnDemand(@TempDir Path dir) {
        ServerConfig config = TestServer.config().store(dir.resolve("results.db")).build();
        ReferenceBaseline calibrated;
        MeasureResponse first;
        try (TestServer server = start(config)) {
            first = server.blocking().measure(Candidates.quickSmall());
            calibrated = baselines(server).get(0);
            assertEquals(calibrated.getMedianMs(), first.getAnchored().getBaselineMs());
        }
        try (TestServer server = start(config)) {
            MeasureResponse forced = server.blocking().measure(request(small(), quick().toBuilder().setForce(true)
                    .build()));
            assertEquals(List.of(calibrated), baselines(server), "not calibrated again");
            assertEquals(calibrated.getMedianMs(), forced.getAnchored().getBaselineMs());

            ReferenceBaseline again = server.blocking().calibrate(CalibrateRequest.getDefaultInstance());
            assertEquals(List.of(again), baselines(server), "replaced, not added");
            assertTrue(again.getMeasuredAt().compareTo(calibrated.getMeasuredAt()) >= 0);
            assertTrue(again.getRuns() >= TestServers.CHEAP_CALIBRATION.minRuns(), "the server's calibration plan");

            // a stored anchored result comes back on the scale of the baseline now in use
            MeasureResponse stored = server.blocking().measure(Candidates.quickSmall());
            assertTrue(stored.getFromStore());
            assertEquals(forced.getAnchored().getRelative(), stored.getAnchored().getRelative());
            assertEquals(again.getMedianMs(), stored.getAnchored().getBaselineMs());
            assertEquals(stored.getAnchored().getRelative() * again.getMedianMs(), stored.getLatMs(), 1e-9);
        }
    }

    @Test
    void aCalibrationMayAskForItsOwnTimingAndMustNameAReference() {
        try (TestServer server = start(TestServer.config())) {
            ReferenceBaseline baseline = server.blocking().calibrate(CalibrateRequest.newBuilder()
                    .setOptions(MeasurementOptions.newBuilder().setMinRuns(7).setMaxRuns(7).setWarmupRuns(1)
                            .setWarmupSeconds(0.01).setPrecision(0.99)).build()); // no shift of this host fails it
            assertEquals(7, baseline.getRuns());

            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .calibrate(CalibrateRequest.newBuilder().setOptions(MeasurementOptions.newBuilder()
                            .setReference("none")).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals(List.of("options.reference"), Statuses.fields(Statuses.badRequest(e)));
        }
    }

    @Test
    void theStoreKeepsResultsOfEachReferenceApart(@TempDir Path dir) {
        try (TestServer server = start(TestServer.config().store(dir.resolve("results.db")))) {
            MeasurementOptions alone = quick().toBuilder().setReference("none").build();
            assertFalse(server.blocking().measure(Candidates.quickSmall()).getFromStore());
            assertFalse(server.blocking().measure(request(small(), alone)).getFromStore(), "another reference");
            assertTrue(server.blocking().measure(Candidates.quickSmall()).getFromStore());
            assertTrue(server.blocking().measure(request(small(), alone)).getFromStore());
        }
    }

    /** A store written before anchoring: its results serve requests without a reference and are exported. */
    @Test
    void aResultStoredBeforeAnchoringIsStillServedAndExported(@TempDir Path dir) {
        Path storePath = dir.resolve("results.db");
        CompiledArchitecture compiled = CompiledArchitecture.compile(small(), Limits.DEFAULT, Candidates.RESOLUTION, 0);
        String version = OnnxRuntimeEngine.create().version();
        MeasureResponse old = MeasureResponse.newBuilder().setArchitectureId(compiled.id()).setEngine("onnxruntime")
                .setEngineVersion(version).setDeviceId("test-device").setMeasuredAt("2026-01-01T00:00:00Z")
                .setLatency(LatencyStatistics.newBuilder().setMedianMs(3.25).setRuns(50)).build();
        try (ResultStore store = ResultStore.open(storePath)) {
            // the key of a release before anchoring: no reference in it
            store.put(new StoreKey(compiled.id(), "onnxruntime", version, 1, 1, Candidates.RESOLUTION, 0.01,
                    "test-device", ""), compiled.normalized(), old);
        }

        try (TestServer server = start(TestServer.config().store(storePath))) {
            MeasureResponse served = server.blocking().measure(request(small(), quick().toBuilder()
                    .setReference("none").build()));
            assertTrue(served.getFromStore());
            assertEquals(3.25, served.getLatency().getMedianMs());
            assertFalse(served.hasAnchored());

            MeasureResponse anchored = server.blocking().measure(Candidates.quickSmall());
            assertFalse(anchored.getFromStore(), "an old result never serves an anchored request");
        }
        try (ResultStore store = ResultStore.open(storePath)) {
            List<MeasureResponse> exported = new ArrayList<>();
            store.forEach((architecture, result) -> exported.add(result));
            assertEquals(2, exported.size());
            assertEquals(old, exported.get(0));
            assertTrue(exported.get(1).hasAnchored());
        }
    }

    @Test
    void badAnchoringOptionsAreABadRequestNamingEachField() {
        try (TestServer server = start(TestServer.config())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().measure(
                    request(small(), quick().toBuilder().setReference("resnet50").setInterleave(-2)
                            .setWarmupBudgetSeconds(-1).build())));

            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals(List.of("options.reference", "options.warmup_budget_seconds", "options.interleave"),
                    Statuses.fields(Statuses.badRequest(e)));
            assertTrue(e.getStatus().getDescription().contains("resnet50"), e.getStatus().getDescription());
        }
    }

    private static TestServer start(ServerConfig.Builder config) {
        return start(config.build());
    }

    private static TestServer start(ServerConfig config) {
        try {
            return TestServer.start(config);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<ReferenceBaseline> baselines(TestServer server) {
        return server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance()).getBaselinesList();
    }
}
