package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Code;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MeasureBatch: one streamed response per candidate, as each finishes, failures at once. */
class MeasureBatchTest {
    private static final int MAX_BATCH = 4;

    @AutoClose
    private static final TestServer server = TestServer.started(TestServer.config().maxBatchSize(MAX_BATCH));

    /** What the client saw on one onNext, and how many measurements the server had finished by then. */
    private record Arrival(MeasureResponse response, double serverFinished) {
    }

    /**
     * Interleaved (the default window of 8): the invalid candidate is answered at once, the others as
     * each leaves the window, so the stream's order is the order in which the server finished them.
     */
    @Test
    void streamsEveryCandidateOnceInCompletionOrderWithFailuresFirst() throws Exception {
        // the largest first: the window's order is not the completion order
        List<Architecture> candidates = List.of(named(Presets.get("mobilenet_v3_large"), "c0"), named(small(), "c1"),
                invalid("c2"), named(Presets.get("mobilenet_v3_small", 0.75), "c3"));
        List<Arrival> arrivals = measureBatch(candidates, quick());

        List<MeasureResponse> responses = arrivals.stream().map(Arrival::response).toList();
        assertEquals(List.of(0, 1, 2, 3), responses.stream().map(MeasureResponse::getIndex).sorted().toList(),
                "every candidate exactly once");
        MeasureResponse failed = responses.get(0);
        assertEquals(2, failed.getIndex(), "a candidate answered at once comes first");
        assertEquals("c2", failed.getName());
        assertFalse(failed.hasLatency());
        assertEquals(Code.INVALID_ARGUMENT_VALUE, failed.getError().getCode());
        assertEquals(List.of("architecture.stages[0].block.kernel_size"),
                Statuses.fields(Statuses.badRequest(failed.getError())));

        List<MeasureResponse> measured = responses.subList(1, 4);
        for (MeasureResponse response : measured) {
            assertFalse(response.hasError(), response.getName() + ": " + response.getError());
            assertEquals("c" + response.getIndex(), response.getName());
            assertEquals(Candidates.RESOLUTION, response.getOptions().getResolution());
            assertEquals(8, response.getOptions().getInterleave());
            assertTrue(response.hasAnchored(), "anchored by default");
            assertEquals(response.getAnchored().getNormalizedMs(), response.getLatMs());
        }
        List<String> finishedAt = measured.stream().map(MeasureResponse::getMeasuredAt).toList();
        assertEquals(finishedAt.stream().sorted().toList(), finishedAt, "streamed in the order they finished");
    }

    /** One at a time, the first result is on the wire while the server still measures the others. */
    @Test
    void resultsAreStreamedNotCollected() throws Exception {
        List<Architecture> candidates = List.of(named(small(), "c0"), named(Presets.get("mobilenet_v3_small", 0.75),
                "c1"), named(Presets.get("mobilenet_v3_large"), "c2"));
        double finishedBefore = server.finishedMeasurements();
        List<Arrival> arrivals = measureBatch(candidates, quick().toBuilder().setInterleave(1).build());

        assertEquals(List.of(0, 1, 2), arrivals.stream().map(a -> a.response().getIndex()).toList(),
                "one at a time, in the request's order");
        double finishedAtFirst = arrivals.get(0).serverFinished();
        assertTrue(finishedAtFirst >= 1 && finishedAtFirst < candidates.size(),
                "server had finished " + finishedAtFirst + " measurements when the first result arrived");
        assertEquals(candidates.size(), server.finishedMeasurements() - finishedBefore);
    }

    private List<Arrival> measureBatch(List<Architecture> candidates, MeasurementOptions options) throws Exception {
        double finishedBefore = server.finishedMeasurements();
        List<Arrival> arrivals = new ArrayList<>();
        PendingCall<MeasureResponse> call = new PendingCall<>(
                response -> arrivals.add(new Arrival(response, server.finishedMeasurements() - finishedBefore)));
        server.async().measureBatch(MeasureBatchRequest.newBuilder().addAllArchitectures(candidates)
                .setOptions(options).build(), call);
        call.completed();
        return arrivals;
    }

    private static Architecture invalid(String name) {
        return named(small(), name).toBuilder()
                .setStages(0, small().getStages(0).toBuilder()
                        .setBlock(small().getStages(0).getBlock().toBuilder().setKernelSize(4)))
                .build();
    }

    @Test
    void theBlockingStubReadsTheSameStream() {
        Iterator<MeasureResponse> stream = server.blocking().measureBatch(MeasureBatchRequest.newBuilder()
                .addArchitectures(small()).addArchitectures(small()).setOptions(quick()).build());
        List<MeasureResponse> responses = new ArrayList<>();
        stream.forEachRemaining(responses::add);

        assertEquals(List.of(0, 1), responses.stream().map(MeasureResponse::getIndex).sorted().toList());
        assertEquals(responses.get(0).getArchitectureId(), responses.get(1).getArchitectureId());
        assertNull(responses.stream().filter(MeasureResponse::hasError).findAny().orElse(null));
    }

    @Test
    void aBatchOverTheServerMaximumIsResourceExhaustedBeforeAnythingIsMeasured() {
        double finishedBefore = server.finishedMeasurements();
        MeasureBatchRequest tooMany = MeasureBatchRequest.newBuilder()
                .addAllArchitectures(java.util.Collections.nCopies(MAX_BATCH + 1, small())).setOptions(quick()).build();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().measureBatch(tooMany).forEachRemaining(r -> { }));

        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("at most " + MAX_BATCH), e.getStatus().getDescription());
        assertEquals(finishedBefore, server.finishedMeasurements());
    }

    /** A search asking again for a generation it measured: every candidate comes from the store at once. */
    @Test
    void aFullBatchAnsweredFromTheStoreStreamsEveryCandidate(@TempDir Path dir) throws Exception {
        try (TestServer stored = TestServer.start(TestServer.config().store(dir.resolve("results.db")).build())) {
            stored.blocking().measure(Candidates.quickSmall());
            int size = TestServer.config().build().maxBatchSize();
            List<MeasureResponse> responses = new ArrayList<>();
            stored.blocking().measureBatch(MeasureBatchRequest.newBuilder()
                    .addAllArchitectures(java.util.Collections.nCopies(size, small())).setOptions(quick()).build())
                    .forEachRemaining(responses::add);

            assertEquals(size, responses.size());
            assertTrue(responses.stream().allMatch(MeasureResponse::getFromStore));
            assertEquals(size - 1, responses.get(size - 1).getIndex());
        }
    }

    private static Architecture named(Architecture architecture, String name) {
        return architecture.toBuilder().setName(name).build();
    }
}
