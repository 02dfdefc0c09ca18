package dev.latm.server;

import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureRequest;
import dev.latm.proto.v1.MeasureResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A call in flight on an async stub, observing its responses: the test can cancel it, then see how it
 * ended, or wait for everything it answered. The one StreamObserver of the server's tests.
 */
final class PendingCall<T> implements ClientResponseObserver<Object, T> {
    private final CompletableFuture<ClientCallStreamObserver<Object>> call = new CompletableFuture<>();
    private final CompletableFuture<List<T>> done = new CompletableFuture<>();
    private final List<T> received = new CopyOnWriteArrayList<>();
    private final Consumer<? super T> onArrival;

    /** @param onArrival sees each response as it arrives, on gRPC's thread */
    PendingCall(Consumer<? super T> onArrival) {
        this.onArrival = onArrival;
    }

    PendingCall() {
        this(response -> { });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static PendingCall<MeasureResponse> measure(LatencyServiceGrpc.LatencyServiceStub stub, MeasureRequest request) {
        PendingCall<MeasureResponse> pending = new PendingCall<>();
        stub.measure(request, (ClientResponseObserver) pending);
        return pending;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static PendingCall<MeasureResponse> measureBatch(LatencyServiceGrpc.LatencyServiceStub stub,
                                                     MeasureBatchRequest request) {
        PendingCall<MeasureResponse> pending = new PendingCall<>();
        stub.measureBatch(request, (ClientResponseObserver) pending);
        return pending;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
        call.complete(requestStream);
    }

    @Override
    public void onNext(T response) {
        onArrival.accept(response);
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
            completed();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /**
     * Waits for the call to end; fails the test if it does not within {@link TestServer#CALL_DEADLINE}.
     *
     * @return every response, in arrival order
     * @throws StatusRuntimeException when the call failed
     */
    List<T> completed() throws InterruptedException {
        try {
            return done.get(TestServer.CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException failed) {
                throw failed;
            }
            throw new AssertionError("the call failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not end within " + TestServer.CALL_DEADLINE.toSeconds() + " s", e);
        }
    }

    List<T> received() {
        return List.copyOf(received);
    }
}
