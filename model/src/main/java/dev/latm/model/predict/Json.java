package dev.latm.model.predict;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Reading the predictor file's JSON with errors that name the missing or malformed field. */
final class Json {
    private Json() {
    }

    static JsonArray array(double[] values) {
        JsonArray array = new JsonArray(values.length);
        for (double value : values) {
            array.add(value);
        }
        return array;
    }

    static JsonArray array(int[] values) {
        JsonArray array = new JsonArray(values.length);
        for (int value : values) {
            array.add(value);
        }
        return array;
    }

    static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray(values.size());
        values.forEach(array::add);
        return array;
    }

    private static JsonElement field(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new PredictorFormatException("missing field '" + name + "'");
        }
        return value;
    }

    static JsonObject object(JsonObject json, String name) {
        JsonElement value = field(json, name);
        if (!value.isJsonObject()) {
            throw new PredictorFormatException("field '" + name + "' must be an object");
        }
        return value.getAsJsonObject();
    }

    static JsonArray arrayField(JsonObject json, String name) {
        JsonElement value = field(json, name);
        if (!value.isJsonArray()) {
            throw new PredictorFormatException("field '" + name + "' must be an array");
        }
        return value.getAsJsonArray();
    }

    static double number(JsonObject json, String name) {
        JsonElement value = field(json, name);
        try {
            return value.getAsDouble();
        } catch (RuntimeException e) {
            throw new PredictorFormatException("field '" + name + "' must be a number (got " + value + ")", e);
        }
    }

    static int integer(JsonObject json, String name) {
        double value = number(json, name);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new PredictorFormatException("field '" + name + "' must be an integer (got " + value + ")");
        }
        return (int) value;
    }

    static String string(JsonObject json, String name) {
        JsonElement value = field(json, name);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new PredictorFormatException("field '" + name + "' must be a string (got " + value + ")");
        }
        return value.getAsString();
    }

    /** A string field through a parser that names the allowed values in its IllegalArgumentException. */
    static <T> T parsed(JsonObject json, String name, Function<String, T> parser) {
        String value = string(json, name);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new PredictorFormatException("field '" + name + "': " + e.getMessage(), e);
        }
    }

    static double[] doubles(JsonObject json, String name) {
        JsonArray array = arrayField(json, name);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = array.get(i).getAsDouble();
            } catch (RuntimeException e) {
                throw new PredictorFormatException("field '" + name + "[" + i + "]' must be a number", e);
            }
        }
        return values;
    }

    static int[] ints(JsonObject json, String name) {
        double[] values = doubles(json, name);
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i])) {
                throw new PredictorFormatException("field '" + name + "[" + i + "]' must be an integer");
            }
            ints[i] = (int) values[i];
        }
        return ints;
    }

    static List<String> stringList(JsonObject json, String name) {
        List<String> values = new ArrayList<>();
        for (JsonElement element : arrayField(json, name)) {
            values.add(element.getAsString());
        }
        return values;
    }

    /**
     * What {@code read} makes of a part of the file, with any refusal (a malformed field, or the value's
     * own validation) as a format error that says where: {@code "key: batch: must be >= 1 (got 0)"}.
     */
    static <T> T within(String where, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new PredictorFormatException(where + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a file whose list of names (features, terms) differs from this code's. */
    static void requireNames(JsonObject json, String name, List<String> expected) {
        List<String> found = stringList(json, name);
        if (!found.equals(expected)) {
            throw new PredictorFormatException("field '" + name + "' is " + found + ", this latm reads " + expected
                    + ": the file was written by another version; rebuild the predictor");
        }
    }
}
