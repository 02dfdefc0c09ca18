package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyDatasetTest {

    /** A row as {@code latm results export --format jsonl} writes it (profile kept). */
    private static JsonObject row(String id, String preset, String engineVersion, double medianMs) {
        JsonObject row = new JsonObject();
        row.addProperty("architecture_id", id);
        row.addProperty("engine", "onnxruntime");
        row.addProperty("engine_version", engineVersion);
        row.addProperty("device_id", "vm");
        JsonObject options = new JsonObject();
        options.addProperty("threads", 1);
        options.addProperty("resolution", 224);
        options.addProperty("batch", 1);
        row.add("options", options);
        JsonObject latency = new JsonObject();
        latency.addProperty("median_ms", medianMs);
        latency.addProperty("min_ms", medianMs * 0.9);
        row.add("latency", latency);
        row.add("architecture", JsonParser.parseString(ArchitectureJson.print(Presets.get(preset))));
        return row;
    }

    private static LatencyDataset read(LatencyLabel label, JsonObject... rows) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (JsonObject row : rows) {
            lines.append(row).append("\n\n");
        }
        return LatencyDataset.readJsonLines(new BufferedReader(new StringReader(lines.toString())), label);
    }

    @Test
    void readsKeyLabelsAndProfiles() throws IOException {
        JsonObject profiled = row("a", "mobilenet_v3_small", "1.23.2", 2.0);
        profiled.add("profile", JsonParser.parseString(
                "{\"layers\": [{\"name\": \"stem\", \"op\": \"conv\", \"mean_ms\": 0.25}], \"total_ms\": 0.25}"));
        LatencyDataset data = read(LatencyLabel.MIN_MS, profiled, row("b", "mobilenet_v3_large", "1.23.2", 5.0));

        assertEquals(new PredictorKey("vm", "onnxruntime", "1.23.2", 1, 224, 1, "float32"), data.key());
        assertEquals(2, data.samples().size());
        assertEquals(1.8, data.samples().get(0).labelMs(), 1e-12, "min_ms");
        assertEquals(Map.of("stem", 0.25), data.samples().get(0).layerMs());
        assertTrue(!data.samples().get(1).hasProfile());
    }

    @Test
    void failedRowsAreSkippedAndALaterRowReplacesAnEarlierOne() throws IOException {
        JsonObject failed = row("c", "mobilenet_v2", "1.23.2", 1);
        failed.add("error", JsonParser.parseString("{\"code\": 8, \"message\": \"over a limit\"}"));
        LatencyDataset data = read(LatencyLabel.MEDIAN_MS, row("a", "mobilenet_v3_small", "1.23.2", 2.0), failed,
                row("a", "mobilenet_v3_small", "1.23.2", 2.2));
        assertEquals(1, data.samples().size());
        assertEquals(2.2, data.samples().get(0).labelMs(), 1e-12);
    }

    @Test
    void aMissingNormalizedLabelSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(LatencyLabel.NORMALIZED_MS, row("a", "mobilenet_v3_small", "1.23.2", 2.0)));
        assertTrue(e.getMessage().startsWith("line 1: anchored.normalized_ms is missing")
                && e.getMessage().contains("anchoring"), e.getMessage());
    }

    @Test
    void theAnchoredLabelIsReadWhereTheServerPutsItAndPreferredWhenEveryResultHasIt() throws IOException {
        JsonObject anchored = row("a", "mobilenet_v3_small", "1.23.2", 2.0);
        anchored.add("anchored", JsonParser.parseString("{\"normalized_ms\": 1.75, \"relative\": 0.5}"));
        JsonObject raw = row("b", "mobilenet_v3_large", "1.23.2", 5.0);
        List<LatencyDataset.Row> rows = LatencyDataset.readRows(new BufferedReader(new StringReader(anchored + "\n"
                + raw + "\n")));

        assertEquals(1.75, LatencyDataset.of(rows.subList(0, 1), LatencyLabel.NORMALIZED_MS).samples().get(0)
                .labelMs(), 1e-12);
        assertEquals(LatencyLabel.NORMALIZED_MS, LatencyLabel.best(List.of(rows.get(0).result())));
        assertEquals(LatencyLabel.MEDIAN_MS, LatencyLabel.best(rows.stream().map(LatencyDataset.Row::result).toList()),
                "one result without anchoring: every label falls back to the raw median");
    }

    @Test
    void aWrittenLineReadsBackAsTheSameResultAndArchitecture() throws IOException {
        MeasureResponse result = MeasureResponse.newBuilder().setArchitectureId("x").setDeviceId("vm")
                .setEngine("java").setEngineVersion("1").setLatency(LatencyStatistics.newBuilder().setMedianMs(3))
                .setOptions(MeasurementOptions.newBuilder().setThreads(2).setResolution(160).setBatch(1)).build();
        Architecture architecture = Presets.get("mnasnet_a1");

        List<LatencyDataset.Row> rows = LatencyDataset.readRows(new BufferedReader(new StringReader(
                LatencyDataset.line(result, architecture) + "\n")));

        assertEquals(List.of(new LatencyDataset.Row(1, result, architecture)), rows);
        assertEquals(new PredictorKey("vm", "java", "1", 2, 160, 1, "float32"), PredictorKey.of(result));
    }

    @Test
    void rowsOfAnotherConfigurationAreRefusedNamingTheLineAndField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(LatencyLabel.MEDIAN_MS, row("a", "mobilenet_v3_small", "1.23.2", 2.0),
                        row("b", "mobilenet_v3_large", "1.24.0", 5.0)));
        assertTrue(e.getMessage().startsWith("line 3:") && e.getMessage().contains("engine_version 1.23.2 != 1.24.0"),
                e.getMessage());
    }

    @Test
    void malformedRowsAreNamed() {
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class,
                () -> LatencyDataset.readJsonLines(new BufferedReader(new StringReader("{oops")),
                        LatencyLabel.MEDIAN_MS));
        assertTrue(json.getMessage().startsWith("line 1: not valid JSON"), json.getMessage());

        JsonObject noArchitecture = row("a", "mobilenet_v3_small", "1.23.2", 2.0);
        noArchitecture.remove("architecture");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> read(LatencyLabel.MEDIAN_MS, noArchitecture));
        assertTrue(missing.getMessage().contains("'architecture'"), missing.getMessage());

        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> read(LatencyLabel.MEDIAN_MS, row("a", "mobilenet_v3_small", "1.23.2", -1)));
        assertTrue(label.getMessage().equals("line 1: latency.median_ms is missing or not > 0"), label.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> LatencyDataset.readJsonLines(new BufferedReader(new StringReader("\n")), LatencyLabel.MEDIAN_MS));
        assertTrue(empty.getMessage().contains("no measured results"), empty.getMessage());
    }
}
