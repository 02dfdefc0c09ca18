package dev.latm.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.server.LatmServer;
import dev.latm.server.ServerConfig;
import dev.latm.server.TestServers;
import dev.latm.server.security.TlsConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** LatmClient against real servers on loopback: retries, deadlines, tokens, TLS. */
class LatmClientTest {
    private static final Duration FAIL_FAST = Duration.ofMillis(50);

    @Test
    void retriesUnavailableWithBackoffUntilTheServerIsUp() throws Exception {
        int port = freePort();
        ClientOptions options = ClientOptions.plaintext("127.0.0.1:" + port).withDeadline(Duration.ofSeconds(60));
        try (LatmClient once = LatmClient.connect(options.withRetries(1, FAIL_FAST))) {
            StatusRuntimeException down = assertThrows(StatusRuntimeException.class, once::deviceInfo);
            assertEquals(Status.Code.UNAVAILABLE, down.getStatus().getCode());
        }
        LatmServer server = null;
        // The retrying client calls while nothing listens; the server binds the port a moment later. gRPC
        // retries after random delays in [0, 2 s], [0, 4 s], ...; the channel reconnects about 1 s after its
        // first failed connect, so a later attempt finds the server (4 retries all within 1.3 s: p < 1e-4).
        try (LatmClient retrying = LatmClient.connect(options.withRetries(5, Duration.ofSeconds(2)))) {
            CompletableFuture<LatmServer> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(300);
                    return TestServers.start(TestServers.loopback().port(port).deviceId("late"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            DeviceInfo info = retrying.deviceInfo();
            server = starting.get(30, TimeUnit.SECONDS);
            assertEquals("late", info.getDeviceId());
        } finally {
            TestServers.stopAll(server);
        }
    }

    @Test
    void aTinyDeadlineOnALongMeasurementIsDeadlineExceededAndFreesTheDevice() throws Exception {
        LatmServer server = TestServers.start(TestServers.loopback());
        ClientOptions options = ClientOptions.plaintext("127.0.0.1:" + server.port());
        try (LatmClient hasty = LatmClient.connect(options.withDeadline(Duration.ofMillis(200)));
             LatmClient patient = LatmClient.connect(options)) {
            MeasurementOptions long_ = MeasurementOptions.newBuilder().setMinRuns(5000).setMaxRuns(5000)
                    .setPrecision(0.0001).setMaxSeconds(120).build();
            StatusRuntimeException late = assertThrows(StatusRuntimeException.class,
                    () -> hasty.measure(Presets.get("mobilenet_v3_large"), long_));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode());
            // the abandoned measurement was dropped: the next one is measured, not stuck behind minutes of runs
            MeasureResponse next = patient.measure(TestServers.tinyArchitectures(1).get(0), TestServers.cheap());
            assertTrue(next.getLatency().getMedianMs() > 0);
        } finally {
            TestServers.stopAll(server);
        }
    }

    @Test
    void aServerWithATokenRefusesCallsWithoutIt() throws Exception {
        LatmServer server = TestServers.start(TestServers.loopback().authToken("s3cret-token"));
        ClientOptions options = ClientOptions.plaintext("127.0.0.1:" + server.port()).withRetries(1, FAIL_FAST);
        try (LatmClient anonymous = LatmClient.connect(options);
             LatmClient wrong = LatmClient.connect(options.withToken("guess"));
             LatmClient right = LatmClient.connect(options.withToken("s3cret-token"))) {
            assertEquals(Status.Code.UNAUTHENTICATED,
                    assertThrows(StatusRuntimeException.class, anonymous::deviceInfo).getStatus().getCode());
            assertEquals(Status.Code.UNAUTHENTICATED,
                    assertThrows(StatusRuntimeException.class, wrong::deviceInfo).getStatus().getCode());
            assertEquals(ServerConfig.builder().build().deviceId(), right.deviceInfo().getDeviceId());
            // load balancers probe health without credentials
            assertEquals(ServingStatus.SERVING, anonymous.health());
        } finally {
            TestServers.stopAll(server);
        }
    }

    @Test
    void tlsNeedsTheRightCa() throws Exception {
        LatmServer server = TestServers.start(TestServers.loopback()
                .tls(new TlsConfig(tls("server.pem"), tls("server.key"), null)));
        ClientOptions options = ClientOptions.plaintext("localhost:" + server.port()).withRetries(1, FAIL_FAST);
        try (LatmClient trusting = LatmClient.connect(options.withTls(tls("ca.pem"), null, null));
             LatmClient otherCa = LatmClient.connect(options.withTls(tls("other-ca.pem"), null, null));
             LatmClient plaintext = LatmClient.connect(options)) {
            MeasureResponse measured = trusting.measure(TestServers.tinyArchitectures(1).get(0), TestServers.cheap());
            assertTrue(measured.getLatency().getMedianMs() > 0);
            assertEquals(Status.Code.UNAVAILABLE,
                    assertThrows(StatusRuntimeException.class, otherCa::deviceInfo).getStatus().getCode());
            assertEquals(Status.Code.UNAVAILABLE,
                    assertThrows(StatusRuntimeException.class, plaintext::deviceInfo).getStatus().getCode());
        } finally {
            TestServers.stopAll(server);
        }
    }

    @Test
    void mutualTlsNeedsAClientCertificate() throws Exception {
        LatmServer server = TestServers.start(TestServers.loopback()
                .tls(new TlsConfig(tls("server.pem"), tls("server.key"), tls("ca.pem"))));
        ClientOptions options = ClientOptions.plaintext("localhost:" + server.port()).withRetries(1, FAIL_FAST);
        try (LatmClient withCert = LatmClient.connect(options.withTls(tls("ca.pem"), tls("client.pem"),
                tls("client.key")));
             LatmClient withoutCert = LatmClient.connect(options.withTls(tls("ca.pem"), null, null))) {
            assertEquals(ServerConfig.builder().build().deviceId(), withCert.deviceInfo().getDeviceId());
            assertEquals(Status.Code.UNAVAILABLE,
                    assertThrows(StatusRuntimeException.class, withoutCert::deviceInfo).getStatus().getCode());
        } finally {
            TestServers.stopAll(server);
        }
    }

    @Test
    void optionsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.plaintext(" "));
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.plaintext("h:1").withRetries(0, FAIL_FAST));
        assertThrows(IllegalArgumentException.class,
                () -> ClientOptions.plaintext("h:1").withTls(Path.of("ca.pem"), Path.of("cert.pem"), null));
    }

    static Path tls(String name) {
        try {
            return Path.of(LatmClientTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
