package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.quickSmall;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.server.store.ResultStore;
import dev.latm.server.store.StoreKey;
import dev.latm.server.metrics.LatmMetrics.Outcome;
import dev.latm.server.metrics.LatmMetrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite result store answers repeated requests, across a restart, unless forced. */
class ResultStoreRestartTest {

    @Test
    void aStoredResultSurvivesARestartAndForceMeasuresAgain(@TempDir Path dir) throws Exception {
        ServerConfig config = TestServer.config().store(dir.resolve("store").resolve("results.db")).build();
        MeasureResponse measured;
        try (TestServer first = TestServer.start(config)) {
            measured = first.blocking().measure(quickSmall());
            assertFalse(measured.getFromStore());
        }

        try (TestServer second = TestServer.start(config)) {
            assertEquals(0, storeHits(second));
            MeasureResponse stored = second.blocking().measure(quickSmall());

            assertTrue(stored.getFromStore());
            assertEquals(measured.getLatency(), stored.getLatency());
            assertEquals(measured.getMeasuredAt(), stored.getMeasuredAt());
            assertEquals(measured.toBuilder().setFromStore(true).build(), stored);
            assertEquals(1, storeHits(second));
            assertEquals(1, second.outcomes(Outcome.stored));
            assertEquals(0, second.outcomes(Outcome.ok));

            MeasureResponse forced = second.blocking().measure(request(small(), quick().toBuilder().setForce(true)
                    .build()));
            assertFalse(forced.getFromStore());
            assertTrue(forced.getOptions().getForce());
            assertEquals(1, second.outcomes(Outcome.ok));
            assertEquals(1, storeHits(second));

            // the forced measurement replaced the stored one; the name is the asker's, not the first's
            MeasureResponse renamed = second.blocking().measure(request(small().toBuilder().setName("again").build(),
                    quick()));
            assertTrue(renamed.getFromStore());
            assertEquals("again", renamed.getName());
            assertEquals(forced.getLatency(), renamed.getLatency());
            assertEquals(2, storeHits(second));
        }
    }

    @Test
    void whatChangesTheLatencyIsPartOfTheKey(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().store(dir.resolve("results.db")).build())) {
            MeasureResponse oneThread = server.blocking().measure(quickSmall());
            MeasureResponse twoThreads = server.blocking().measure(request(small(), quick().toBuilder().setThreads(2)
                    .build()));
            MeasureResponse otherResolution = server.blocking().measure(request(small(), quick().toBuilder()
                    .setResolution(Candidates.RESOLUTION + 32).build()));

            assertFalse(oneThread.getFromStore() || twoThreads.getFromStore() || otherResolution.getFromStore());
            assertEquals(0, storeHits(server));
            assertEquals(3, server.outcomes(Outcome.ok));
        }
    }

    /**
     * Regression: the Java engine's version was a hand-written constant that stayed {@code latm-java-1}
     * while its kernels got faster, so a store filled before returned the old latencies. A result
     * stored under another version of the engine's code must be a miss, and stay in the store.
     */
    @Test
    void aResultStoredUnderAnotherVersionOfTheEnginesCodeIsMeasuredAgain(@TempDir Path dir) throws Exception {
        Path storePath = dir.resolve("results.db");
        MeasurementOptions java = quick().toBuilder().setEngine("java").build();
        CompiledArchitecture compiled = CompiledArchitecture.compile(small(), Limits.DEFAULT, Candidates.RESOLUTION, 0);
        StoreKey oldKey = new StoreKey(compiled.id(), "java", "latm-java-1", 1, 1, Candidates.RESOLUTION, 0.01,
                "test-device", "");
        MeasureResponse stale = MeasureResponse.newBuilder().setArchitectureId(compiled.id()).setEngine("java")
                .setEngineVersion("latm-java-1").setDeviceId("test-device").setMeasuredAt("2020-01-01T00:00:00Z")
                .setLatency(LatencyStatistics.newBuilder().setMedianMs(999).setRuns(50)).build();
        try (ResultStore store = ResultStore.open(storePath)) {
            store.put(oldKey, compiled.normalized(), stale);
        }

        try (TestServer server = TestServer.start(TestServer.config().store(storePath).build())) {
            MeasureResponse response = server.blocking().measure(request(small(), java));

            assertFalse(response.getFromStore(), "served the result of another version of the engine's code");
            assertNotEquals("latm-java-1", response.getEngineVersion());
            assertNotEquals(999, response.getLatency().getMedianMs());
        }
        try (ResultStore store = ResultStore.open(storePath)) {
            List<String> versions = new ArrayList<>();
            store.forEach((architecture, result) -> versions.add(result.getEngineVersion()));
            assertEquals(2, versions.size(), "the old result stays exportable: " + versions);
            assertTrue(versions.contains("latm-java-1"), versions.toString());
        }
    }

    private static double storeHits(TestServer server) {
        return server.server().registry().get(LatmMetrics.STORE_HITS).counter().count();
    }
}
