package dev.latm.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.latm.cli.search.StatusText;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row of {@code latm batch} output: a measured line of the input, or why it failed. The column
 * names are part of the CLI's contract (scripts read them); CSV and JSON lines use the same keys.
 */
record BatchRow(int line, String name, String architectureId, String deviceId, String engine, Double medianMs,
                Double ciLowMs, Double ciHighMs, Double p90Ms, Integer runs, Boolean targetReached, Long macs,
                Long params, Boolean fromStore, String error) {

    static final List<String> COLUMNS = List.of("line", "name", "architecture_id", "device_id", "engine",
            "median_ms", "ci_low_ms", "ci_high_ms", "p90_ms", "runs", "target_reached", "macs", "params",
            "from_store", "error");

    /** The row of input line {@code line}; a failed response keeps the locally computed id. */
    static BatchRow of(BatchInput.Line line, MeasureResponse r) {
        String id = r.getArchitectureId().isEmpty() ? line.architectureId() : r.getArchitectureId();
        if (r.hasError()) {
            return new BatchRow(line.number(), line.architecture().getName(), id, r.getDeviceId(), r.getEngine(),
                    null, null, null, null, null, null, null, null, null, StatusText.of(r.getError()));
        }
        LatencyStatistics s = r.getLatency();
        return new BatchRow(line.number(), r.getName(), id, r.getDeviceId(), r.getEngine(), s.getMedianMs(),
                s.getCiLowMs(), s.getCiHighMs(), s.hasP90Ms() ? s.getP90Ms() : null, s.getRuns(),
                s.getTargetReached(), r.getCost().getMacs(), r.getCost().getParams(), r.getFromStore(), null);
    }

    boolean failed() {
        return error != null;
    }

    /** Values in {@link #COLUMNS} order, as CSV text ("" for absent). */
    List<String> csvFields() {
        List<String> fields = new ArrayList<>();
        for (JsonElement value : values()) {
            fields.add(value.isJsonNull() ? "" : value.getAsString());
        }
        return fields;
    }

    /** The row as one JSON object: numbers as numbers, absent values as null. */
    JsonObject json() {
        JsonObject json = new JsonObject();
        List<JsonElement> values = values();
        for (int i = 0; i < COLUMNS.size(); i++) {
            json.add(COLUMNS.get(i), values.get(i));
        }
        return json;
    }

    private List<JsonElement> values() {
        return List.of(new JsonPrimitive(line), new JsonPrimitive(name), new JsonPrimitive(architectureId),
                new JsonPrimitive(deviceId), new JsonPrimitive(engine), ms(medianMs), ms(ciLowMs), ms(ciHighMs),
                ms(p90Ms), value(runs), value(targetReached), value(macs), value(params), value(fromStore),
                error == null ? JsonNull.INSTANCE : new JsonPrimitive(error));
    }

    /** Milliseconds to a tenth of a microsecond: finer digits are noise. */
    private static JsonElement ms(Double value) {
        return value == null ? JsonNull.INSTANCE
                : new JsonPrimitive(Double.parseDouble(String.format(Locale.ROOT, "%.4f", value)));
    }

    private static JsonElement value(Number value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
    }

    private static JsonElement value(Boolean value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
    }
}
