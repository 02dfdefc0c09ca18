package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.server.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementBackendTest {

    @Test
    void aListOrADnsNameIsAFleet() {
        assertTrue(MeasurementBackend.isFleet("10.0.0.1:50051,10.0.0.2:50051"));
        assertTrue(MeasurementBackend.isFleet("dns:///latm-headless.latm.svc:50051"));
        assertFalse(MeasurementBackend.isFleet("localhost:50051"));
        assertFalse(MeasurementBackend.isFleet(null));
        assertEquals(List.of("a:1", "b:2"), MeasurementBackend.hosts(" a:1, b:2 ,"));
        assertEquals(List.of(), MeasurementBackend.hosts("dns:///name:50051"));
    }

    @Test
    void oneStreamGetsTheDeadlineOfEveryArchitectureInIt() {
        TargetOptions target = new TargetOptions();
        target.deadlineSeconds = 2;
        try (MeasurementBackend backend = MeasurementBackend.open(target, null, 10, 0)) {
            StreamBackend stream = assertInstanceOf(StreamBackend.class, backend);
            assertEquals(Duration.ofSeconds(20), stream.streamDeadline());
            assertTrue(backend.describe().startsWith("the embedded server (device "), backend.describe());
        }
    }

    @Test
    void resultsComeBackInOrderAndAFailedCandidateCarriesItsError() throws Exception {
        TargetOptions target = new TargetOptions();
        target.deadlineSeconds = 60;
        Architecture invalidForTheDevice = TestServers.tinyArchitectures(1).get(0).toBuilder()
                .setNumClasses(-5).build();
        List<Architecture> candidates = List.of(TestServers.tinyArchitectures(2).get(1), invalidForTheDevice);
        try (MeasurementBackend backend = MeasurementBackend.open(target, null, 2, 0)) {
            // alone: the embedded server calibrates a reference with the real plan, which a busy test
            // machine can refuse, and this test is about order and errors, not anchoring
            List<MeasureResponse> responses = backend.measureInOrder(candidates,
                    TestServers.cheap().toBuilder().setReference("none").build());
            assertFalse(responses.get(0).hasError());
            assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT.value(), responses.get(1).getError().getCode());
            assertEquals(List.of(0, 1), responses.stream().map(MeasureResponse::getIndex).toList());
        }
        assertThrows(IllegalArgumentException.class, () -> MeasurementBackend.open(target, null, 1, -1));
    }
}
