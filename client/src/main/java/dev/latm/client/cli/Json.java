package dev.latm.client.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.latm.engine.ir.Shape;

/** JSON output helpers shared by the commands. */
final class Json {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();
    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private Json() {
    }

    static String pretty(JsonElement json) {
        return PRETTY.toJson(json);
    }

    /** One line, for JSON-lines output. */
    static String line(JsonElement json) {
        return COMPACT.toJson(json);
    }

    static JsonArray shape(Shape shape) {
        JsonArray array = new JsonArray();
        for (int dim : shape.toArray()) {
            array.add(dim);
        }
        return array;
    }
}
