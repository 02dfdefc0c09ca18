package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.quickSmall;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.MeasureResponse;
import dev.latm.server.metrics.LatmMetrics.Outcome;
import dev.latm.server.metrics.LatmMetrics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite result store answers repeated requests, across a restart, unless forced. */
class ResultStoreRestartTest {

    @Test
    void aStoredResultSurvivesARestartAndForceMeasuresAgain(@TempDir Path dir) throws Exception {
        ServerConfig config = TestServer.config().withStore(dir.resolve("store").resolve("results.db"));
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
        try (TestServer server = TestServer.start(TestServer.config().withStore(dir.resolve("results.db")))) {
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

    private static double storeHits(TestServer server) {
        return server.server().registry().get(LatmMetrics.STORE_HITS).counter().count();
    }
}
