package dev.latm.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import dev.latm.model.ir.Shape;

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

    /** One line, for JSON-lines output. */
    static String line(JsonElement json) {
        return COMPACT.toJson(json);
    }

    /** The value, or JSON null when absent. */
    static JsonElement optional(boolean present, double value) {
        return present ? new JsonPrimitive(value) : JsonNull.INSTANCE;
    }

    static JsonArray shape(Shape shape) {
        JsonArray array = new JsonArray();
        for (int dim : shape.toArray()) {
            array.add(dim);
        }
        return array;
    }
}
