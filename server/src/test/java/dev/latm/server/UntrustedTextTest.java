package dev.latm.server;

import static dev.latm.server.Candidates.quick;
import static dev.latm.server.Candidates.request;
import static dev.latm.server.Candidates.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.rpc.Code;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.server.measure.Measurer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Architecture names are client text that the server logs, stores and echoes: bounded, printable,
 * and escaped wherever they reach a log line.
 */
class UntrustedTextTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(TestServer.config().build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNameThatForgesALogLineIsRefusedNamingTheField() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                .measure(request(small().toBuilder().setName("ok\n09:00:00.000 INFO  forged").build(), quick())));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(List.of("architecture.name"), Statuses.fields(Statuses.badRequest(e)));
        assertTrue(e.getStatus().getDescription().contains("U+000A"), e.getStatus().getDescription());
    }

    @Test
    void aMegabyteNameIsRefusedAndNeverEchoed() {
        String huge = "n".repeat(4 << 20);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> server.blocking().measure(request(small().toBuilder().setName(huge).build(), quick())));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().length() < 200, e.getStatus().getDescription());

        List<MeasureResponse> responses = new ArrayList<>();
        server.blocking().measureBatch(MeasureBatchRequest.newBuilder()
                .addArchitectures(small().toBuilder().setName(huge)).setOptions(quick()).build())
                .forEachRemaining(responses::add);
        assertEquals(Code.INVALID_ARGUMENT_VALUE, responses.get(0).getError().getCode());
        assertEquals("", responses.get(0).getName());
        assertTrue(responses.get(0).getSerializedSize() < 1000, "" + responses.get(0).getSerializedSize());
    }

    @Test
    void aValidNameReachesTheLogEscaped() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger measurer = (Logger) LoggerFactory.getLogger(Measurer.class);
        log.start();
        measurer.addAppender(log);
        try {
            server.blocking().measure(request(small().toBuilder().setName("dir\\net \u00e9").build(), quick()));
        } finally {
            measurer.detachAppender(log);
        }
        String line = log.list.get(0).getFormattedMessage();
        assertTrue(line.contains("(dir\\\\net \u00e9)"), line);
    }

    @Test
    void logTextEscapesControlFormatAndSeparatorCharactersAndBoundsTheLength() {
        assertEquals("a\\nb\\r\\t\\0\\\\n \\u202E \\u0007", LogText.escape("a\nb\r\t\0\\n \u202E \u0007"));
        assertEquals("\\uD83D\\uDE80", LogText.escape("\ud83d\ude80"));
        String escaped = LogText.escape("x".repeat(15_000_000));
        assertTrue(escaped.endsWith("...[14999800 more chars]"), escaped.substring(190));
        assertEquals(LogText.MAX_CHARS + "...[14999800 more chars]".length(), escaped.length());
        assertFalse(LogText.escape("plain name-1.0 (v3)").contains("\\"));
    }
}
