package dev.latm.server;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;

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
        PendingCall<ServerReflectionResponse> answer = new PendingCall<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(answer);
        requests.onNext(request);
        requests.onCompleted();
        List<ServerReflectionResponse> answers = answer.completed();
        if (answers.size() != 1) {
            throw new AssertionError("one answer expected, the stream ended after " + answers.size());
        }
        return answers.get(0);
    }
}
