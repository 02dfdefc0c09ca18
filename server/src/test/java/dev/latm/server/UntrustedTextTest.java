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
import dev.latm.proto.v1.AnalyzeRequest;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.MeasureBatchRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.Stage;
import dev.latm.server.measure.Measurer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Architecture names are client text that the server logs, stores and echoes: bounded, printable,
 * and escaped wherever they reach a log line.
 */
class UntrustedTextTest {
    @AutoClose
    private static final TestServer server = TestServer.started(TestServer.config());

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
    void hundredsOfViolationsOrAHugeEngineNameStillFitInTheReplysTrailers() {
        // every status travels in HTTP/2 trailers, which clients cap at 8 KiB: a reply listing 224
        // violations, or quoting a megabyte engine name, reached the client as INTERNAL "Header size
        // exceeded" and took the connection down with it
        Architecture.Builder broken = small().toBuilder().clearStages();
        for (int i = 0; i < 32; i++) {
            broken.addStages(Stage.newBuilder().setRepeats(0).setBlock(Block.newBuilder().setOpValue(9)
                    .setKernelSize(4).setStride(3).setOutChannels(-1).setSkipValue(8).setActivationValue(11)));
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                .analyze(AnalyzeRequest.newBuilder().setArchitecture(broken).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(e.getStatus().getDescription().startsWith("224 violations: stages[0]")
                || e.getStatus().getDescription().startsWith("224 violations: architecture.stages[0]"),
                e.getStatus().getDescription());
        assertTrue(e.getStatus().getDescription().contains("more not listed"), e.getStatus().getDescription());
        List<String> listed = Statuses.fields(Statuses.badRequest(e));
        assertTrue(listed.size() > 10 && listed.size() < 224, "listed " + listed.size());
        assertEquals("architecture.stages[0].repeats", listed.get(0));

        StatusRuntimeException engine = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                .measure(request(small(), quick().toBuilder().setEngine("e".repeat(1 << 20)).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, engine.getStatus().getCode(), engine.getStatus().toString());
        assertEquals(List.of("options.engine"), Statuses.fields(Statuses.badRequest(engine)));
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
