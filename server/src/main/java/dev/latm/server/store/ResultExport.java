package dev.latm.server.store;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import java.io.PrintWriter;
import java.util.List;

/** Writes a result store as a latency dataset: one row (CSV) or one object (JSON lines) per result. */
public final class ResultExport {
    /** CSV columns, in order. The architecture column holds the normalised architecture as JSON. */
    public static final List<String> CSV_COLUMNS = List.of("architecture_id", "name", "engine", "engine_version",
            "device_id", "threads", "batch", "resolution", "precision", "median_ms", "mean_ms", "p90_ms", "p99_ms",
            "ci_low_ms", "ci_high_ms", "runs", "target_reached", "macs", "params", "measured_at", "architecture");

    private ResultExport() {
    }

    public static void csv(ResultStore store, PrintWriter out) {
        out.println(String.join(",", CSV_COLUMNS));
        store.forEach((architecture, result) -> {
            LatencyStatistics latency = result.getLatency();
            out.println(String.join(",", List.of(result.getArchitectureId(), quote(result.getName()),
                    result.getEngine(), result.getEngineVersion(), quote(result.getDeviceId()),
                    Integer.toString(result.getOptions().getThreads()), Integer.toString(result.getOptions().getBatch()),
                    Integer.toString(result.getOptions().getResolution()),
                    Double.toString(result.getOptions().getPrecision()), Double.toString(latency.getMedianMs()),
                    Double.toString(latency.getMeanMs()), latency.hasP90Ms() ? Double.toString(latency.getP90Ms()) : "",
                    latency.hasP99Ms() ? Double.toString(latency.getP99Ms()) : "",
                    Double.toString(latency.getCiLowMs()), Double.toString(latency.getCiHighMs()),
                    Integer.toString(latency.getRuns()), Boolean.toString(latency.getTargetReached()),
                    Long.toString(result.getCost().getMacs()), Long.toString(result.getCost().getParams()),
                    result.getMeasuredAt(), quote(json(architecture, false)))));
        });
        out.flush();
    }

    /** One JSON object per line: the whole result plus the normalised architecture. */
    public static void jsonLines(ResultStore store, PrintWriter out) {
        store.forEach((architecture, result) -> {
            JsonObject row = JsonParser.parseString(json(result.toBuilder().clearProfile().build(), true))
                    .getAsJsonObject();
            row.add("architecture", JsonParser.parseString(json(architecture, false)));
            out.println(row);
        });
        out.flush();
    }

    private static String json(MessageOrBuilder message, boolean defaults) {
        try {
            JsonFormat.Printer printer = JsonFormat.printer().preservingProtoFieldNames()
                    .omittingInsignificantWhitespace();
            return (defaults ? printer.alwaysPrintFieldsWithNoPresence() : printer).print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("latm messages always print", e);
        }
    }

    /** RFC 4180 quoting. */
    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
