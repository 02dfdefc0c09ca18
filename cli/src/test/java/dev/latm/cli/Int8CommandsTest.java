package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.client.results.Csv;
import dev.latm.client.results.ResultColumns;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.onnx.OnnxChecker;
import dev.latm.runtime.onnx.OnnxExport;
import dev.latm.server.LatmServer;
import dev.latm.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dtype int8} end to end: measured through the service, stored, exported, profiled. */
class Int8CommandsTest {

    /** The embedded server, then a store export that keeps each result's format apart. */
    @Test
    void measuresInt8InProcessAndTheStoreExportsEachResultWithItsDtype(@TempDir Path dir) {
        Path store = dir.resolve("results.db");
        // baselines for both formats' references first, cheaply: the real calibration plan is for a device
        for (String dtype : List.of("float32", "int8")) {
            CliRun calibrated = CliRun.calibrateCheaply("--store", store.toString(), "--dtype", dtype);
            assertEquals(0, calibrated.exitCode(), calibrated.err());
            assertTrue(calibrated.out().contains(dtype.toUpperCase(java.util.Locale.ROOT)), calibrated.out());
        }
        JsonObject int8 = measure("--preset", "mobilenet_v3_large", "--dtype", "int8", "--store", store.toString());
        assertEquals("int8", int8.get("dtype").getAsString());
        assertFalse(int8.get("from_store").getAsBoolean());
        JsonObject float32 = measure("--preset", "mobilenet_v3_large", "--store", store.toString());
        assertEquals("float32", float32.get("dtype").getAsString());
        assertFalse(float32.get("from_store").getAsBoolean(), "the int8 result does not serve float32");
        JsonObject again = measure("--preset", "mobilenet_v3_large", "--dtype", "INT8", "--store", store.toString());
        assertTrue(again.get("from_store").getAsBoolean());

        CliRun export = CliRun.of("results", "export", "--store", store.toString());
        assertEquals(0, export.exitCode(), export.err());
        List<List<String>> rows = Csv.parse(export.out());
        int dtype = rows.get(0).indexOf("dtype");
        int median = rows.get(0).indexOf("median_ms");
        assertEquals(ResultColumns.MEASUREMENT.indexOf("dtype"), dtype);
        List<String> stored = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            stored.add(row.get(dtype) + " " + row.get(median));
        }
        assertEquals(List.of("int8 " + int8.get("median_ms").getAsString(),
                "float32 " + float32.get("median_ms").getAsString()), stored);
    }

    @Test
    void measuresInt8OnATargetAndPrintsWhichOpsRanInInt8() throws Exception {
        LatmServer server = TestServers.start(TestServers.loopback().deviceId("int8-device"));
        try {
            List<String> args = new ArrayList<>(List.of("measure", "--preset", "mobilenet_v3_large", "--dtype", "int8",
                    "--profile", "--target", "127.0.0.1:" + server.port()));
            args.addAll(TestServers.CHEAP_FLAGS);
            CliRun table = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, table.exitCode(), table.err());
            assertTrue(table.out().contains(", int8, 1 thread(s)"), table.out());
            assertTrue(table.out().contains("kernels by precision"), table.out());
            assertTrue(table.out().matches("(?s).*\\n  QLinearConv +int8 +62 .*"), table.out());
            assertTrue(table.out().contains("nothing fell back to float"), table.out());

            args.addAll(List.of("--format", "json"));
            JsonObject json = JsonParser.parseString(CliRun.of(args.toArray(String[]::new)).out()).getAsJsonObject();
            assertEquals("int8-device", json.get("device_id").getAsString());
            assertEquals("int8", json.get("dtype").getAsString());
            JsonArray ops = json.getAsJsonObject("profile").getAsJsonObject("precision").getAsJsonArray("ops");
            assertTrue(ops.asList().stream().map(JsonElement::getAsJsonObject).anyMatch(op -> op.get("op_type")
                    .getAsString().equals("QGemm") && op.get("precision").getAsString().equals("int8")),
                    ops.toString());
        } finally {
            TestServers.stopAll(server);
        }
    }

    @Test
    void exportWritesTheInt8ModelAndItPassesOnnxChecker(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large-int8.onnx");
        CliRun run = CliRun.of("export", "--preset", "mobilenet_v3_large", "--resolution", "96", "--dtype", "int8",
                "--out", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(", int8, "), run.out());
        CompiledArchitecture compiled = CompiledArchitecture.compile(Presets.get("mobilenet_v3_large"),
                Limits.DEFAULT, 96, 0);
        assertEquals(OnnxExport.model(compiled, 20190529L, Dtype.INT8), dev.latm.proto.onnx.ModelProto
                .parseFrom(Files.readAllBytes(file)));
        OnnxChecker.assertPasses(List.of(file));

        CliRun int4 = CliRun.of("export", "--preset", "mobilenet_v3_large", "--dtype", "int4", "--out",
                dir.resolve("no.onnx").toString());
        assertEquals(LatmCli.EXIT_BAD_INPUT, int4.exitCode());
        assertTrue(int4.err().contains("--dtype': must be one of [float32, int8] (got 'int4')"), int4.err());
    }

    @Test
    void int8OnTheJavaEngineIsRefusedNamingTheEngineThatRunsIt() {
        List<String> args = new ArrayList<>(List.of("measure", "--preset", "mobilenet_v3_small", "--engine", "java",
                "--dtype", "int8"));
        args.addAll(TestServers.CHEAP_FLAGS);
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertTrue(run.err().contains("options.dtype: the java engine does not run INT8 (it runs FLOAT32); INT8 runs "
                + "on onnxruntime"), run.err());
    }

    private static JsonObject measure(String... flags) {
        List<String> args = new ArrayList<>(List.of("measure"));
        args.addAll(List.of(flags));
        args.addAll(TestServers.CHEAP_FLAGS);
        args.addAll(List.of("--format", "json"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        JsonElement json = JsonParser.parseString(run.out());
        return json.getAsJsonObject();
    }
}
