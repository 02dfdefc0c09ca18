package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.quickSmall;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.server.metrics.LatmMetrics.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure inside the server (not the client's fault) is INTERNAL, says what failed without a
 * stack trace, and leaves the server serving.
 *
 * <p>The engines cannot be made to fail honestly on a valid network (every valid network builds and
 * runs in ONNX Runtime, and latm mocks nothing it owns), so the failure here is another real
 * component's: a result store whose stored row is corrupt.
 */
class ServerFailureTest {

    @Test
    void aCorruptStoredResultIsInternalAndTheServerStaysUp(@TempDir Path dir) throws Exception {
        Path storePath = dir.resolve("results.db");
        ServerConfig config = TestServer.config().store(storePath).build();
        try (TestServer first = TestServer.start(config)) {
            first.blocking().measure(quickSmall());
        }
        // four bytes that do not parse as a MeasureResponse
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + storePath);
             Statement update = sqlite.createStatement()) {
            assertEquals(1, update.executeUpdate("UPDATE measurements SET response = x'DEADBEEF'"));
        }

        try (TestServer server = TestServer.start(config)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> server.blocking().measure(quickSmall()));

            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
            String message = e.getStatus().getDescription();
            assertTrue(message.startsWith("the result store failed: cannot read the result store"), message);
            assertFalse(message.contains("\tat "), "no stack trace reaches the client: " + message);
            assertEquals(1, server.outcomes(Outcome.error));

            assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(server.channel())
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus());
            // forced requests skip the lookup, measure, and overwrite the corrupt row
            assertFalse(server.blocking().measure(request(small(), quick().toBuilder().setForce(true).build()))
                    .getFromStore());
            assertTrue(server.blocking().measure(quickSmall()).getFromStore());
        }
    }
}
