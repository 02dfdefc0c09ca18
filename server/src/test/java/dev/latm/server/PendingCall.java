package dev.latm.server;

import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureRequest;
import dev.latm.proto.v1.MeasureResponse;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A Measure or MeasureBatch call in flight that the test can cancel, and then see how it ended. */
final class PendingCall implements ClientResponseObserver<Object, MeasureResponse> {
    private final CompletableFuture<ClientCallStreamObserver<Object>> call = new CompletableFuture<>();
    private final CompletableFuture<List<MeasureResponse>> done = new CompletableFuture<>();
    private final List<MeasureResponse> received = new CopyOnWriteArrayList<>();

    private PendingCall() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static PendingCall measure(LatencyServiceGrpc.LatencyServiceStub stub, MeasureRequest request) {
        PendingCall pending = new PendingCall();
        stub.measure(request, (ClientResponseObserver) pending);
        return pending;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static PendingCall measureBatch(LatencyServiceGrpc.LatencyServiceStub stub, MeasureBatchRequest request) {
        PendingCall pending = new PendingCall();
        stub.measureBatch(request, (ClientResponseObserver) pending);
        return pending;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
        call.complete(requestStream);
    }

    @Override
    public void onNext(MeasureResponse response) {
        received.add(response);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        done.complete(List.copyOf(received));
    }

    /** Cancels the call, as a client that lost interest does. */
    void cancel() {
        call.join().cancel("the test cancels", null);
    }

    /** How the call ended: its status code, OK when it completed; fails the test if it does not end. */
    Status.Code outcome() throws InterruptedException {
        try {
            done.get(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return Status.Code.OK;
        } catch (ExecutionException e) {
            return Status.fromThrowable(e.getCause()).getCode();
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not end within " + Await.TIMEOUT.toSeconds() + " s", e);
        }
    }

    List<MeasureResponse> received() {
        return List.copyOf(received);
    }
}
