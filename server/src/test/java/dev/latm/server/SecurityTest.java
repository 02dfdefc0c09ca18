package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.DeviceInfo;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.LatencyServiceGrpc;
import dev.latm.server.security.TlsConfig;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TLS, mutual TLS and bearer tokens against real sockets, with the test PKI in
 * {@code src/test/resources/tls} (see its README).
 */
class SecurityTest {
    private static final String TOKEN = "s3cret-latm-token";

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aTlsServerAcceptsAClientThatTrustsItsCaAndRefusesPlaintext() throws Exception {
        LatmServer server = start(TestServer.config().tls(new TlsConfig(tls("server.pem"), tls("server.key"), null)));

        assertEquals("test-device", deviceInfo(tlsChannel(server, "ca.pem", null)).getDeviceId());
        assertRefused(TestServer.plaintextChannel(server.port()));
        assertRefused(tlsChannel(server, "other-ca.pem", null));
    }

    @Test
    void mutualTlsAcceptsOnlyClientsWithACertificateFromItsCa() throws Exception {
        LatmServer server = start(TestServer.config().tls(new TlsConfig(tls("server.pem"), tls("server.key"), tls("ca.pem"))));

        assertEquals("test-device", deviceInfo(tlsChannel(server, "ca.pem", "client")).getDeviceId());
        assertRefused(tlsChannel(server, "ca.pem", null));
        assertRefused(tlsChannel(server, "ca.pem", "stranger"));
    }

    @Test
    void tokenAuthRefusesMissingAndWrongTokensButNotHealthProbes() throws Exception {
        LatmServer server = start(TestServer.config().authToken(TOKEN));
        ManagedChannel channel = track(TestServer.plaintextChannel(server.port()));

        assertUnauthenticated(() -> deviceInfo(channel), "this server requires 'authorization: Bearer TOKEN'");
        assertUnauthenticated(() -> deviceInfo(withAuthorization(channel, "Bearer wrong-token")),
                "invalid bearer token");
        assertUnauthenticated(() -> deviceInfo(withAuthorization(channel, "Basic " + TOKEN)),
                "this server requires 'authorization: Bearer TOKEN'");
        assertUnauthenticated(() -> Reflection.listServices(channel), "");
        assertUnauthenticated(() -> LatencyServiceGrpc.newBlockingStub(channel).measure(Candidates.quickSmall()), "");

        assertEquals("test-device", deviceInfo(withAuthorization(channel, "Bearer " + TOKEN)).getDeviceId());
        assertTrue(Reflection.listServices(withAuthorization(channel, "Bearer " + TOKEN))
                .contains(LatencyServiceGrpc.SERVICE_NAME));
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService(LatencyServiceGrpc.SERVICE_NAME).build()).getStatus());
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAsRfc6750Says() throws Exception {
        LatmServer server = start(TestServer.config().authToken(TOKEN));
        ManagedChannel channel = track(TestServer.plaintextChannel(server.port()));

        for (String scheme : List.of("bearer ", "BEARER ", "Bearer  ")) {
            assertEquals("test-device", deviceInfo(withAuthorization(channel, scheme + TOKEN)).getDeviceId(), scheme);
        }
    }

    @Test
    void aWrongTokenIsAnsweredAfterTheFailureDelayWithoutHoldingUpOtherCalls() throws Exception {
        Duration delay = Duration.ofSeconds(2);
        LatmServer server = start(TestServer.config().authToken(TOKEN).authFailureDelay(delay));
        ManagedChannel channel = track(TestServer.plaintextChannel(server.port()));

        long start = System.nanoTime();
        CompletableFuture<DeviceInfo> guess = CompletableFuture.supplyAsync(
                () -> deviceInfo(withAuthorization(channel, "Bearer guess-1")));
        // an honest call made meanwhile is answered at once: the delay holds no gRPC thread
        assertEquals("test-device", deviceInfo(withAuthorization(channel, "Bearer " + TOKEN)).getDeviceId());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> guess.get(60, TimeUnit.SECONDS));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(Status.Code.UNAUTHENTICATED, Status.fromThrowable(refused.getCause()).getCode());
        // a lower bound only: the answer cannot come before the delay has passed
        assertTrue(took.compareTo(delay) >= 0, "a wrong token was answered after " + took);
        // no header at all is a client without credentials, not a guess: answered at once (not timed here)
        assertUnauthenticated(() -> deviceInfo(channel), "this server requires");
    }

    @Test
    void metricsRequireTheBearerTokenWhenTheServerIsToldTo() throws Exception {
        LatmServer open = start(TestServer.config().authToken(TOKEN).metricsPort(0));
        assertEquals(200, MetricsScrape.get(open.metricsPort(), "/metrics").status(), "open unless asked");

        LatmServer guarded = start(TestServer.config().authToken(TOKEN).metricsPort(0).metricsRequireToken(true)
                .authFailureDelay(Duration.ofMillis(100)));
        MetricsScrape anonymous = MetricsScrape.get(guarded.metricsPort(), "/metrics");
        assertEquals(401, anonymous.status());
        assertEquals("Bearer", anonymous.header("WWW-Authenticate"));
        assertEquals(401, MetricsScrape.get(guarded.metricsPort(), "/metrics", "Bearer wrong").status());
        MetricsScrape scraped = MetricsScrape.get(guarded.metricsPort(), "/metrics", "bearer " + TOKEN);
        assertEquals(200, scraped.status());
        assertTrue(scraped.body().contains("latm_queue_capacity"), "a real scrape");
    }

    @Test
    void metricsCannotRequireATokenTheServerDoesNotHave() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestServer.config().metricsRequireToken(true).build());
        assertTrue(e.getMessage().contains("--metrics-require-token") && e.getMessage().contains("--auth-token-file"),
                e.getMessage());
    }

    @Test
    void tlsAndATokenTogether() throws Exception {
        LatmServer server = start(TestServer.config().tls(new TlsConfig(tls("server.pem"), tls("server.key"), null))
                .authToken(TOKEN));
        ManagedChannel channel = tlsChannel(server, "ca.pem", null);

        assertUnauthenticated(() -> deviceInfo(channel), "");
        assertEquals("test-device", deviceInfo(withAuthorization(channel, "Bearer " + TOKEN)).getDeviceId());
    }

    @Test
    void tlsConfigNamesTheFlagOfAMissingFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TlsConfig(tls("server.pem"), Path.of("no-such.key"), null));
        assertTrue(e.getMessage().contains("--tls-key"), e.getMessage());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefusedNamingBothFiles() {
        // the probe's server started, logged success, and then failed every handshake silently
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start(TestServer.config().tls(new TlsConfig(tls("server.pem"), tls("client.key"), null))));
        assertTrue(e.getMessage().contains("--tls-key " + tls("client.key"))
                && e.getMessage().contains("--tls-cert " + tls("server.pem"))
                && e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void aKeyFileThatHoldsNoKeyIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TlsConfig(tls("server.pem"), tls("ca.pem"), null));
        assertTrue(e.getMessage().contains("--tls-key " + tls("ca.pem")) && e.getMessage().contains("PRIVATE KEY"),
                e.getMessage());
    }

    private LatmServer start(ServerConfig.Builder config) throws Exception {
        LatmServer server = new LatmServer(config.build()).start();
        opened.add(server::stop);
        return server;
    }

    private <T extends ManagedChannel> T track(T channel) {
        opened.add(() -> {
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
        });
        return channel;
    }

    /** A TLS channel to {@code localhost} trusting {@code ca}, presenting {@code clientName}.pem/.key if named. */
    private ManagedChannel tlsChannel(LatmServer server, String ca, String clientName) throws SSLException {
        SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(file(ca));
        if (clientName != null) {
            ssl.keyManager(file(clientName + ".pem"), file(clientName + ".key"));
        }
        return track(NettyChannelBuilder.forAddress("localhost", server.port()).sslContext(ssl.build()).build());
    }

    private static Channel withAuthorization(Channel channel, String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
        return io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static DeviceInfo deviceInfo(Channel channel) {
        return LatencyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());
    }

    /** The connection is refused at the transport: no call gets through. */
    private void assertRefused(ManagedChannel channel) {
        track(channel);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> deviceInfo(channel));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
    }

    private static void assertUnauthenticated(org.junit.jupiter.api.function.Executable call, String message) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains(message), e.getStatus().toString());
    }

    private static Path tls(String name) {
        try {
            return Path.of(SecurityTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing test resource tls/" + name, e);
        }
    }

    private static File file(String name) {
        return tls(name).toFile();
    }
}
