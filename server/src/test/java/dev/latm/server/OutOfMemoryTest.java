package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.runtime.AbstractEngine;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.jvm.JavaEngine;
import dev.latm.server.metrics.LatmMetrics.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A request within the limits that still runs out of memory (the limits estimate, other work holds the
 * heap) is RESOURCE_EXHAUSTED and the server goes on measuring; it used to be INTERNAL.
 */
class OutOfMemoryTest {

    /** An engine whose build fails as the java engine's did under -Xmx1g: the heap cannot hold its buffers. */
    private static final class HeapExhaustingEngine extends AbstractEngine {
        HeapExhaustingEngine() {
            super("exhausting", "1", Set.of(Dtype.FLOAT32));
        }

        @Override
        public Candidate build(CompiledArchitecture architecture, EngineOptions options) {
            throw new OutOfMemoryError("Java heap space");
        }

        @Override
        public LayerProfile profile(CompiledArchitecture architecture, EngineOptions options, int runs) {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void aBuildThatRunsOutOfMemoryIsResourceExhaustedAndTheServerMeasuresOn() throws Exception {
        EngineRegistry engines = new EngineRegistry(List.of(
                new EngineRegistry.Entry(JavaEngine.NAME, Set.of(Dtype.FLOAT32), JavaEngine::create),
                new EngineRegistry.Entry("exhausting", Set.of(Dtype.FLOAT32), HeapExhaustingEngine::new)));
        LatmServer latm = new LatmServer(TestServer.config().defaultEngine(JavaEngine.NAME).build(), engines).start();
        try (TestServer server = TestServer.over(latm)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .measure(request(small(), quick().toBuilder().setEngine("exhausting").build())));

            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().startsWith("the device ran out of memory for this request "
                    + "(Java heap space)"), e.getStatus().getDescription());
            assertEquals(1, TestServer.outcomes(latm, "exhausting", Outcome.refused));
            assertEquals(JavaEngine.NAME, server.blocking().measure(request(small(), quick())).getEngine());
        }
    }
}
