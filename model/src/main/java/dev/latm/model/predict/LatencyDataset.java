package dev.latm.model.predict;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.proto.v1.Architecture;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training set: samples measured under one {@link PredictorKey}.
 *
 * @param key     what every sample was measured on
 * @param label   which statistic the samples' labels are
 * @param samples one per distinct architecture
 */
public record LatencyDataset(PredictorKey key, LatencyLabel label, List<LatencySample> samples) {

    public LatencyDataset {
        samples = List.copyOf(samples);
    }

    /**
     * Reads the result store's JSON lines (one {@code MeasureResponse} in the protobuf JSON mapping
     * with proto field names per line, plus the normalised {@code architecture}), the form
     * {@code latm results export --format jsonl} writes. Rows that carry an {@code error} are
     * skipped; a later row for the same architecture id replaces an earlier one (a forced
     * re-measurement). A {@code profile} object, where present, becomes the sample's layer times.
     *
     * @throws IllegalArgumentException naming the line and field: a row that is not JSON, lacks the
     *                                  label, or was measured under another key than the first row
     */
    public static LatencyDataset readJsonLines(BufferedReader in, LatencyLabel label) throws IOException {
        PredictorKey key = null;
        Map<String, LatencySample> byId = new LinkedHashMap<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonObject row = parse(line);
                if (row.has("error") && row.get("error").isJsonObject()
                        && row.getAsJsonObject("error").size() > 0) {
                    continue;
                }
                PredictorKey rowKey = keyOf(row);
                if (key == null) {
                    key = rowKey;
                } else if (!key.equals(rowKey)) {
                    throw new IllegalArgumentException("measured under another configuration than line 1 ("
                            + String.join(", ", key.differences(rowKey)) + "); one predictor learns one");
                }
                LatencySample sample = new LatencySample(architecture(row), labelOf(row, label), profile(row));
                String id = row.has("architecture_id") ? row.get("architecture_id").getAsString() : "line " + number;
                byId.remove(id); // keep file order of the latest row
                byId.put(id, sample);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("no measured results in the input");
        }
        return new LatencyDataset(key, label, new ArrayList<>(byId.values()));
    }

    private static JsonObject parse(String line) {
        try {
            JsonElement element = JsonParser.parseString(line);
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    private static PredictorKey keyOf(JsonObject row) {
        JsonObject options = Json.object(row, "options");
        return new PredictorKey(Json.string(row, "device_id"), Json.string(row, "engine"),
                Json.string(row, "engine_version"), Json.integer(options, "threads"),
                Json.integer(options, "resolution"), Json.integer(options, "batch"), PredictorKey.FLOAT32);
    }

    private static double labelOf(JsonObject row, LatencyLabel label) {
        JsonObject latency = Json.object(row, "latency");
        if (!latency.has(label.field())) {
            throw new IllegalArgumentException("latency." + label.field() + " is missing"
                    + (label == LatencyLabel.NORMALIZED_MS ? " (measured without reference anchoring?)" : ""));
        }
        return Json.number(latency, label.field());
    }

    private static Architecture architecture(JsonObject row) {
        return ArchitectureJson.parse(Json.object(row, "architecture").toString());
    }

    private static Map<String, Double> profile(JsonObject row) {
        Map<String, Double> layers = new HashMap<>();
        if (row.has("profile") && row.get("profile").isJsonObject()) {
            JsonObject profile = row.getAsJsonObject("profile");
            if (profile.has("layers")) {
                for (JsonElement element : Json.arrayField(profile, "layers")) {
                    JsonObject layer = element.getAsJsonObject();
                    layers.merge(Json.string(layer, "name"), Json.number(layer, "mean_ms"), Double::sum);
                }
            }
        }
        return layers;
    }
}
