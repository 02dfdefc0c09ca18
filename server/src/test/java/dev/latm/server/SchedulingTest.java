package dev.latm.server;

import static dev.latm.server.Candidates.quickSmall;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static dev.latm.server.Candidates.untilCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.AnalyzeRequest;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.server.metrics.LatmMetrics.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The single measurement worker and its bounded queue: a full queue refuses, and a deadline or a
 * client's cancellation drops the work and frees the worker. Every test starts its own server, whose
 * worker thread does not exist yet and whose queue is empty.
 *
 * <p>How a test knows the worker is busy without sleeping: on a fresh server the first measurement
 * goes straight to the new worker thread and never enters the queue, so a queue depth of 1 after
 * two long measurements means one of them runs and the other waits.
 */
class SchedulingTest {
    /** A follow-up that must not wait behind a measurement that should have been dropped. */
    private static final long FOLLOW_UP_DEADLINE_SECONDS = 30;

    @Test
    void aFullQueueIsResourceExhaustedSayingHowDeepItIs() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().queueCapacity(1).build())) {
            PendingCall<MeasureResponse> first = PendingCall.measure(server.async(), request(small(), untilCancelled()));
            PendingCall<MeasureResponse> second = PendingCall.measure(server.async(), request(small(), untilCancelled()));
            Await.until("one measurement runs and one waits", () -> server.queueDepth() == 1);

            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> server.blocking().measure(quickSmall()));

            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("queue is full: 1 of 1"),
                    e.getStatus().getDescription());
            assertEquals(1, server.outcomes(Outcome.refused));
            // Analyze and GetDeviceInfo never queue, so they answer while the queue is full
            assertTrue(server.blocking().analyze(AnalyzeRequest.newBuilder().setArchitecture(small()).build())
                    .getCost().getMacs() > 0);
            assertEquals(1, server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance())
                    .getQueueCapacity());

            first.cancel();
            second.cancel();
            assertEquals(Status.Code.CANCELLED, first.outcome());
            assertEquals(Status.Code.CANCELLED, second.outcome());
            awaitDropped(server, 2);
            assertFollowUpSucceeds(server);
        }
    }

    @Test
    void aDeadlineShorterThanTheMeasurementDropsItAndFreesTheWorker() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                    .withDeadlineAfter(2, TimeUnit.SECONDS).measure(request(small(), untilCancelled())));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());

            // the follow-up could only finish within its deadline if the expired one was dropped, and
            // the worker counts the drop before it takes the next measurement
            assertFollowUpSucceeds(server);
            assertEquals(1, server.outcomes(Outcome.cancelled));
            assertEquals(1, server.outcomes(Outcome.ok));
        }
    }

    /** One cancelled while it runs, one while it waits in the queue: both are dropped. */
    @Test
    void aClientThatCancelsDropsItsMeasurementRunningOrWaiting() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config())) {
            PendingCall<MeasureResponse> first = PendingCall.measure(server.async(), request(small(), untilCancelled()));
            PendingCall<MeasureResponse> second = PendingCall.measure(server.async(), request(small(), untilCancelled()));
            Await.until("one measurement runs and one waits", () -> server.queueDepth() == 1);

            first.cancel();
            second.cancel();

            assertEquals(Status.Code.CANCELLED, first.outcome());
            assertEquals(Status.Code.CANCELLED, second.outcome());
            awaitDropped(server, 2);
            assertEquals(0, server.queueDepth());
            assertFollowUpSucceeds(server);
        }
    }

    /** Cancelling a batch drops its chunk from the queue: every candidate not answered yet is dropped. */
    @Test
    void aCancelledBatchDropsEveryCandidateItHadNotAnswered() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config())) {
            PendingCall<MeasureResponse> blocker = PendingCall.measure(server.async(), request(small(), untilCancelled()));
            PendingCall<MeasureResponse> batch = PendingCall.measureBatch(server.async(), MeasureBatchRequest.newBuilder()
                    .addAllArchitectures(Collections.nCopies(3, small())).setOptions(untilCancelled()).build());
            Await.until("the blocker holds the worker and the batch's chunk waits in the queue",
                    () -> server.queueDepth() == 1);

            batch.cancel();
            assertEquals(Status.Code.CANCELLED, batch.outcome());
            assertEquals(0, batch.received().size());
            blocker.cancel();
            assertEquals(Status.Code.CANCELLED, blocker.outcome());
            // the blocker and the batch's three candidates, queued as one chunk and never measured
            awaitDropped(server, 4);

            assertFollowUpSucceeds(server);
            assertEquals(4, server.outcomes(Outcome.cancelled));
            assertEquals(5, server.finishedMeasurements());
        }
    }

    /**
     * A client's cancel ends its call at once, but reaches the server a moment later; waits until the
     * server has dropped {@code count} measurements, so the follow-up does not find a full queue.
     */
    private static void awaitDropped(TestServer server, int count) throws InterruptedException {
        Await.until(count + " measurements are dropped", () -> server.outcomes(Outcome.cancelled) == count);
    }

    private static void assertFollowUpSucceeds(TestServer server) {
        MeasureResponse followUp = server.blocking().withDeadlineAfter(FOLLOW_UP_DEADLINE_SECONDS, TimeUnit.SECONDS)
                .measure(quickSmall());
        assertTrue(followUp.getLatency().getMedianMs() > 0);
    }
}
