package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.LatencyServiceGrpc;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Bytes that are not the method's request message: INVALID_ARGUMENT and one log line, not UNKNOWN and
 * gRPC's 31-line SEVERE stack trace per call.
 */
class UndecodableRequestTest {
    /** A varint field whose continuation byte promises more than the message holds. */
    private static final byte[] TRUNCATED = HexFormat.of().parseHex("08aa");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final List<LogRecord> grpcLog = new ArrayList<>();
    private final Handler grpcHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (grpcLog) {
                grpcLog.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ListAppender<ILoggingEvent> latmLog = new ListAppender<>();
    private final Logger latmLogger = (Logger) LoggerFactory.getLogger("dev.latm");

    @BeforeEach
    void captureLogs() {
        java.util.logging.Logger.getLogger("io.grpc").addHandler(grpcHandler);
        latmLog.start();
        latmLogger.addAppender(latmLog);
    }

    @AfterEach
    void releaseLogs() {
        java.util.logging.Logger.getLogger("io.grpc").removeHandler(grpcHandler);
        latmLogger.detachAppender(latmLog);
    }

    @Test
    void everyMethodAnswersInvalidArgumentToBytesThatAreNotItsRequest() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().build())) {
            for (String method : List.of("Analyze", "Measure", "GetDeviceInfo", "Export")) {
                assertInvalid(() -> RawCalls.call(server.channel(), LatencyServiceGrpc.SERVICE_NAME + "/" + method,
                        MethodType.UNARY, TRUNCATED, DEADLINE), method);
            }
            assertInvalid(() -> RawCalls.call(server.channel(), LatencyServiceGrpc.SERVICE_NAME + "/MeasureBatch",
                    MethodType.SERVER_STREAMING, TRUNCATED, DEADLINE), "MeasureBatch");
            assertInvalid(() -> RawCalls.call(server.channel(), HealthGrpc.SERVICE_NAME + "/Check",
                    MethodType.UNARY, HexFormat.of().parseHex("0a05ff"), DEADLINE), "Check");

            // one line each, naming the method, and nothing from gRPC itself
            List<String> lines = latmLog.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.contains("undecodable")).toList();
            assertEquals(6, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("latm.v1.LatencyService/Analyze"), lines.get(0));
            assertTrue(latmLog.list.stream().allMatch(e -> e.getThrowableProxy() == null), "no stack traces");
            synchronized (grpcLog) {
                assertTrue(grpcLog.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()),
                        grpcLog.stream().map(LogRecord::getMessage).toList().toString());
            }

            // and the server is fine
            assertEquals("test-device", server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance())
                    .getDeviceId());
            assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(server.channel())
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        }
    }

    @Test
    void withTokenAuthAnUnauthenticatedCallIsRefusedBeforeItsBytesAreRead() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config().authToken("token").build())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> RawCalls.call(
                    server.channel(), LatencyServiceGrpc.SERVICE_NAME + "/Analyze", MethodType.UNARY, TRUNCATED,
                    DEADLINE));
            assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        }
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call, String method) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call, method);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), method + ": " + e.getStatus());
        assertTrue(e.getStatus().getDescription().contains("not a valid"), e.getStatus().getDescription());
    }
}
