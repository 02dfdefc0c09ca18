package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.client.results.Csv;
import dev.latm.client.results.ResultColumns;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.server.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latm results export} of a store that {@code latm measure} filled, both in process. */
class ResultsCommandTest {

    @Test
    void exportsTheColumnsOfEveryResultTableWithTheNormalisedArchitecture(@TempDir Path dir) {
        Path store = dir.resolve("results.db");
        // a quick baseline first (the timing flags replace the server's calibration plan), which measure then uses
        CliRun calibrate = CliRun.calibrateCheaply("--store", store.toString());
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        List<String> blocks = TestServers.tinyBlockStrings(2);
        List<JsonObject> measured = new ArrayList<>();
        for (String block : blocks) {
            List<String> args = new ArrayList<>(List.of("measure", "--blocks", block, "--store", store.toString(),
                    "--format", "json"));
            args.addAll(TestServers.CHEAP_FLAGS);
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            measured.add(JsonParser.parseString(run.out()).getAsJsonObject());
        }

        CliRun csv = CliRun.of("results", "export", "--store", store.toString());
        assertEquals(0, csv.exitCode(), csv.err());
        List<List<String>> rows = Csv.parse(csv.out());
        List<String> columns = Stream.concat(ResultColumns.MEASUREMENT.names().stream(), Stream.of("architecture"))
                .toList();
        assertEquals(columns, rows.get(0));
        assertEquals(3, rows.size());
        for (int i = 0; i < 2; i++) {
            List<String> row = rows.get(i + 1);
            JsonObject json = measured.get(i);
            assertEquals(json.get("architecture_id").getAsString(), row.get(columns.indexOf("architecture_id")));
            for (String column : List.of("lat_ms", "normalized_ms", "median_ms", "p90_ms", "p99_ms", "runs", "macs",
                    "from_store")) {
                assertEquals(json.get(column).isJsonNull() ? "" : json.get(column).getAsString(),
                        row.get(columns.indexOf(column)), column + ": the value measure printed, written the same way");
            }
            assertEquals(row.get(columns.indexOf("normalized_ms")), row.get(columns.indexOf("lat_ms")), "anchored");
            String architecture = row.get(columns.indexOf("architecture"));
            assertTrue(architecture.startsWith("{\"") && architecture.contains(","), "quoted JSON: " + architecture);
            assertEquals(64, ArchitectureJson.parse(architecture).getInput().getResolution(), "normalised");
        }

        CliRun jsonl = CliRun.of("results", "export", "--store", store.toString(), "--format", "jsonl");
        assertEquals(0, jsonl.exitCode(), jsonl.err());
        List<String> lines = jsonl.out().lines().toList();
        assertEquals(2, lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(columns, new ArrayList<>(first.keySet()), "the same keys, in the same order, as the CSV");
        assertTrue(first.get("architecture").isJsonObject());
    }

    @Test
    void aMissingStoreOrFormatIsBadInput(@TempDir Path dir) {
        CliRun missing = CliRun.of("results", "export", "--store", dir.resolve("none.db").toString());
        assertEquals(LatmCli.EXIT_BAD_INPUT, missing.exitCode());
        assertTrue(missing.err().contains("no result store at " + dir.resolve("none.db")), missing.err());
        CliRun format = CliRun.of("results", "export", "--store", dir.resolve("none.db").toString(), "--format",
                "xml");
        assertEquals(LatmCli.EXIT_BAD_INPUT, format.exitCode());
        assertTrue(format.err().contains("--format must be csv or jsonl (got xml)"), format.err());
    }
}
