package dev.latm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hand-written grpc.health.v1 Check against grpc-services' generated messages and its real health service. */
class HealthCheckTest {

    @Test
    void everyStatusReadsAsTheGeneratedMessageWritesIt() throws Exception {
        for (HealthCheckResponse.ServingStatus generated : HealthCheckResponse.ServingStatus.values()) {
            if (generated == HealthCheckResponse.ServingStatus.UNRECOGNIZED) {
                continue;
            }
            byte[] wire = HealthCheckResponse.newBuilder().setStatus(generated).build().toByteArray();
            ServingStatus ours = HealthCheck.CHECK.parseResponse(new ByteArrayInputStream(wire));
            assertEquals(generated.name(), ours.name());
            assertEquals(generated, HealthCheckResponse.parseFrom(HealthCheck.CHECK.streamResponse(ours)).getStatus());
        }
    }

    @Test
    void aStatusFromANewerProtoIsUnknownAndUnknownFieldsAreSkipped() throws Exception {
        byte[] newer = HealthCheckResponse.newBuilder().setStatusValue(7).build().toByteArray();
        assertEquals(ServingStatus.UNKNOWN, HealthCheck.CHECK.parseResponse(new ByteArrayInputStream(newer)));
        // field 2 (a string a newer server might add) before the status
        byte[] extra = {0x12, 0x02, 'h', 'i', 0x08, 0x02};
        assertEquals(ServingStatus.NOT_SERVING, HealthCheck.CHECK.parseResponse(new ByteArrayInputStream(extra)));
    }

    @Test
    void theRequestIsTheGeneratedMessage() throws Exception {
        for (String service : new String[] {"", "latm.v1.LatencyService"}) {
            HealthCheckRequest parsed = HealthCheckRequest.parseFrom(HealthCheck.CHECK.streamRequest(service));
            assertEquals(service, parsed.getService());
            assertEquals(service, HealthCheck.CHECK.parseRequest(new ByteArrayInputStream(
                    HealthCheckRequest.newBuilder().setService(service).build().toByteArray())));
        }
    }

    @Test
    void healthFollowsTheServersHealthService() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService()).build().start();
        try (LatmClient client = LatmClient.connect(ClientOptions.plaintext("127.0.0.1:" + server.getPort()))) {
            assertEquals(ServingStatus.SERVING, client.health(), "HealthStatusManager starts SERVING");
            health.setStatus("", HealthCheckResponse.ServingStatus.NOT_SERVING);
            assertEquals(ServingStatus.NOT_SERVING, client.health());
            health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
            assertEquals(ServingStatus.SERVING, client.health());
        } finally {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
