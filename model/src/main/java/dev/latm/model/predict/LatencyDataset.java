package dev.latm.model.predict;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.LayerTiming;
import dev.latm.proto.v1.MeasureResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A training set: samples measured under one {@link PredictorKey}.
 *
 * <p>Its file form is JSON lines, one measured result each: the {@code MeasureResponse} in the
 * protobuf JSON mapping with proto field names, plus the {@code architecture} that was measured
 * ({@link #line}). {@code latm predictor build} writes it as it measures (its samples file), and
 * {@code bench/predictor/DatasetDump.java} from a result store.
 *
 * @param key     what every sample was measured on
 * @param label   which statistic the samples' labels are
 * @param samples one per distinct architecture
 */
public record LatencyDataset(PredictorKey key, LatencyLabel label, List<LatencySample> samples) {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    public LatencyDataset {
        samples = List.copyOf(samples);
    }

    /**
     * One measured result as a dataset holds it.
     *
     * @param line         1-based line of the file it was read from (0 when it was not read from one)
     * @param result       what the device answered; a failed candidate's has {@code error} set
     * @param architecture the architecture that was measured
     */
    public record Row(int line, MeasureResponse result, Architecture architecture) {
    }

    /** One result as a line of the file form (no line break). */
    public static String line(MeasureResponse result, Architecture architecture) {
        try {
            JsonObject row = JsonParser.parseString(PRINTER.print(result)).getAsJsonObject();
            row.add("architecture", JsonParser.parseString(ArchitectureJson.print(architecture)));
            return row.toString();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a MeasureResponse that cannot be printed as JSON", e);
        }
    }

    /**
     * Reads the file form; blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the line: not a JSON object, not a result, no architecture
     */
    public static List<Row> readRows(BufferedReader in) throws IOException {
        List<Row> rows = new ArrayList<>();
        String text;
        int number = 0;
        while ((text = in.readLine()) != null) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            try {
                JsonObject json = parse(text);
                MeasureResponse.Builder result = MeasureResponse.newBuilder();
                PARSER.merge(text, result);
                Architecture architecture = ArchitectureJson.parse(Json.object(json, "architecture").toString());
                rows.add(new Row(number, result.build(), architecture));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("line " + number + ": not a measured result: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /** {@link #readRows} then {@link #of}. */
    public static LatencyDataset readJsonLines(BufferedReader in, LatencyLabel label) throws IOException {
        return of(readRows(in), label);
    }

    /**
     * The dataset of measured results. Failed results are skipped; a later result for the same
     * architecture id replaces an earlier one (a forced re-measurement). A result's per-layer profile,
     * where present, becomes the sample's layer times.
     *
     * @throws IllegalArgumentException naming the line and field: a result that lacks the label, or was
     *                                  measured under another key than the first
     */
    public static LatencyDataset of(List<Row> rows, LatencyLabel label) {
        PredictorKey key = null;
        int firstLine = 0;
        Map<String, LatencySample> byId = new LinkedHashMap<>();
        for (Row row : rows) {
            MeasureResponse result = row.result();
            if (result.hasError()) {
                continue;
            }
            try {
                PredictorKey rowKey = PredictorKey.of(result);
                if (key == null) {
                    key = rowKey;
                    firstLine = row.line();
                } else if (!key.equals(rowKey)) {
                    throw new IllegalArgumentException("measured under another configuration than line " + firstLine
                            + " (" + String.join(", ", key.differences(rowKey)) + "); one predictor learns one");
                }
                OptionalDouble labelMs = label.of(result);
                if (labelMs.isEmpty()) {
                    throw new IllegalArgumentException(label.path() + (label == LatencyLabel.NORMALIZED_MS
                            ? " is missing (measured without reference anchoring?)" : " is missing or not > 0"));
                }
                LatencySample sample = new LatencySample(row.architecture(), labelMs.getAsDouble(), profile(result));
                String id = result.getArchitectureId().isEmpty() ? "line " + row.line() : result.getArchitectureId();
                byId.remove(id); // keep file order of the latest row
                byId.put(id, sample);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + row.line() + ": " + e.getMessage(), e);
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

    private static Map<String, Double> profile(MeasureResponse result) {
        Map<String, Double> layers = new HashMap<>();
        for (LayerTiming layer : result.getProfile().getLayersList()) {
            layers.merge(layer.getName(), layer.getMeanMs(), Double::sum);
        }
        return layers;
    }
}
