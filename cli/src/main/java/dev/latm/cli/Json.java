package dev.latm.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.latm.client.results.Columns;
import dev.latm.client.results.ResultColumns;
import dev.latm.model.ir.Shape;
import dev.latm.proto.v1.MeasureResponse;
import java.util.List;

/** JSON output helpers shared by the commands. */
final class Json {
    // nulls are written: an absent percentile prints as "p99_ms": null, not as a missing key
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeNulls().serializeSpecialFloatingPointValues().create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping()
            .serializeNulls().serializeSpecialFloatingPointValues().create();

    private Json() {
    }

    static String pretty(JsonElement json) {
        return PRETTY.toJson(json);
    }

    /** A protobuf message in its JSON mapping, with the .proto field names (as the API documents them). */
    static String proto(MessageOrBuilder message) {
        try {
            return JsonFormat.printer().preservingProtoFieldNames().print(message);
        } catch (InvalidProtocolBufferException e) {
            // only an Any of an unknown type fails, and latm's messages hold none
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** One line, for JSON-lines output. */
    static String line(JsonElement json) {
        return COMPACT.toJson(json);
    }

    /** One row of a result table as a JSON object: the columns' names as keys, absent values as null. */
    static <R> JsonObject row(Columns<R> columns, R row) {
        JsonObject json = new JsonObject();
        List<String> names = columns.names();
        List<Object> values = columns.values(row);
        for (int i = 0; i < names.size(); i++) {
            json.add(names.get(i), value(values.get(i)));
        }
        return json;
    }

    /** Rows of a table as a JSON array of {@link #row}s. */
    static <R> JsonArray rows(Columns<R> columns, List<R> rows) {
        JsonArray json = new JsonArray();
        rows.forEach(row -> json.add(row(columns, row)));
        return json;
    }

    /**
     * A measurement as JSON: its {@link ResultColumns#MEASUREMENT} row, and its samples when it kept them:
     * the warm-up's runs ({@code warmup_samples_ms}), then the timed ones ({@code samples_ms}).
     */
    static JsonObject result(MeasureResponse response) {
        JsonObject json = row(ResultColumns.MEASUREMENT, response);
        if (response.getWarmupSamplesMsCount() > 0) {
            json.add("warmup_samples_ms", array(response.getWarmupSamplesMsList()));
        }
        if (response.getLatency().getSamplesMsCount() > 0) {
            json.add("samples_ms", array(response.getLatency().getSamplesMsList()));
        }
        return json;
    }

    private static JsonArray array(List<Double> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static JsonElement value(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean flag) {
            return new JsonPrimitive(flag);
        }
        return new JsonPrimitive(value.toString());
    }

    static JsonArray shape(Shape shape) {
        JsonArray array = new JsonArray();
        for (int dim : shape.toArray()) {
            array.add(dim);
        }
        return array;
    }
}
