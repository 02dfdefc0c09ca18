package dev.latm.server;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A grpc.reflection.v1 client of one question, as grpcurl asks it. */
final class Reflection {
    private Reflection() {
    }

    /** The services the server lists. */
    static List<String> listServices(Channel channel) throws InterruptedException {
        return ask(channel, ServerReflectionRequest.newBuilder().setListServices("").build())
                .getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
    }

    /**
     * Sends one request on the bidirectional stream and returns the one answer.
     *
     * @throws StatusRuntimeException when the call fails
     */
    static ServerReflectionResponse ask(Channel channel, ServerReflectionRequest request) throws InterruptedException {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new AssertionError("the stream ended without an answer"));
                    }
                });
        requests.onNext(request);
        requests.onCompleted();
        try {
            return answer.get(TestServer.CALL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException failed) {
                throw failed;
            }
            throw new AssertionError("reflection failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no reflection answer within " + TestServer.CALL_DEADLINE, e);
        }
    }
}
