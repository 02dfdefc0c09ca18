package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.client.results.Csv;
import dev.latm.client.results.ResultColumns;
import dev.latm.cli.search.LocalCompiler;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.model.spec.BlockStrings;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.server.LatmServer;
import dev.latm.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latm batch} in process against a real server on loopback. */
class BatchCommandTest {
    /** The input line, then the columns every result table shares. */
    private static final List<String> COLUMNS = Stream.concat(Stream.of("line"),
            ResultColumns.MEASUREMENT.names().stream()).toList();
    @RegisterExtension
    static final LoopbackServer server = LoopbackServer.named("batch-device");

    @TempDir
    Path dir;

    @Test
    void measuresEveryLineThenResumesWhereItWasCut() throws Exception {
        Path archs = archsFile(20);
        Path out = dir.resolve("results.csv");
        CliRun first = batch(archs, "--out", out.toString());
        assertEquals(0, first.exitCode(), first.err());
        List<List<String>> rows = Csv.parse(Files.readString(out));
        assertEquals(COLUMNS, rows.get(0));
        assertEquals(21, rows.size());
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals("batch-device", col(row, "device_id"));
            assertTrue(Double.parseDouble(col(row, "median_ms")) > 0, row.toString());
            assertEquals("", col(row, "error"));
            // interleaved with the default reference: LAT(m) is the normalized latency
            assertEquals("mobilenet_v3_small", col(row, "reference"));
            assertEquals(col(row, "normalized_ms"), col(row, "lat_ms"));
            assertTrue(Double.parseDouble(col(row, "relative")) > 0, row.toString());
        }
        assertEquals(expectedKeys(archs), keys(rows), "one row per line, each with the line's own architecture");
        // in completion order, which interleaving need not make the input's
        assertTrue(first.err().matches("(?s).*\\[1/20] line \\d+ net\\d+ .*"),
                "plain progress lines when not on a terminal:\n" + first.err());

        // as if the first run had been stopped after 8 rows
        List<String> lines = Files.readAllLines(out);
        Files.write(out, lines.subList(0, 9));
        double measuredBefore = server.measured();
        CliRun second = batch(archs, "--out", out.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("8 of 20 already there, skipped; measuring 12"), second.err());
        assertTrue(second.err().contains("12 measured, 0 failed, 8 skipped"), second.err());
        assertEquals(12, server.measured() - measuredBefore, "the server measured only the rest");
        assertEquals(12, second.err().lines().filter(l -> l.matches("\\[\\d+/12] line .*")).count());
        List<List<String>> resumed = Csv.parse(Files.readString(out));
        assertEquals(21, resumed.size(), "20 rows, no header repeated");
        assertEquals(expectedKeys(archs), keys(resumed));
    }

    @Test
    void aMalformedLineStopsTheBatchBeforeAnythingIsMeasured() throws Exception {
        Path archs = dir.resolve("bad.txt");
        Files.write(archs, List.of("# header", TestServers.tinyBlockStrings(1).get(0),
                "{\"stem\": {\"out_channels\": 16}, \"stages\": [", "", "r1_k4_s11_e1_i32_o16"));
        Path out = dir.resolve("results.csv");
        double measuredBefore = server.measured();
        CliRun run = batch(archs, "--out", out.toString());
        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("2 malformed lines, nothing was measured"), run.err());
        assertTrue(run.err().contains("line 3: invalid architecture JSON"), run.err());
        assertTrue(run.err().contains("line 5: stages[0].block.kernel_size: must be one of"), run.err());
        assertFalse(Files.exists(out));
        assertEquals(measuredBefore, server.measured());
    }

    @Test
    void aLineWhoseArchitectureChangedIsMeasuredAgain() throws Exception {
        Path archs = archsFile(4);
        Path out = dir.resolve("results.csv");
        assertEquals(0, batch(archs, "--out", out.toString()).exitCode());
        List<String> input = new ArrayList<>(Files.readAllLines(archs));
        int edited = input.indexOf(TestServers.tinyBlockStrings(4).get(1));
        input.set(edited, TestServers.tinyBlockStrings(16).get(15));
        Files.write(archs, input);
        CliRun rerun = batch(archs, "--out", out.toString());
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.err().contains("3 of 4 already there, skipped; measuring 1"), rerun.err());
        assertTrue(rerun.err().contains("1 rows in " + out + " match no line of the input"), rerun.err());
        List<List<String>> rows = Csv.parse(Files.readString(out));
        assertEquals(6, rows.size(), "the old row stays, the new one is appended");
        assertTrue(keys(rows).containsAll(expectedKeys(archs)));
    }

    @Test
    void candidatesTheDeviceRefusesGetAnErrorRowAndExitThree() throws Exception {
        Architecture small = TestServers.tinyArchitectures(1).get(0);
        Architecture large = Presets.get("mobilenet_v2");
        long limit = (macsAt64(small) + macsAt64(large)) / 2;
        LatmServer strict = TestServers.start(TestServers.loopback().limits(Limits.builder().maxMacs(limit).build()));
        try {
            Path archs = dir.resolve("archs.txt");
            Files.write(archs, List.of(json(small), json(large), TestServers.tinyBlockStrings(2).get(1)));
            Path out = dir.resolve("results.csv");
            CliRun run = batch(archs, "--out", out.toString(), "--target", "127.0.0.1:" + strict.port());
            assertEquals(LatmCli.EXIT_REFUSED, run.exitCode(), run.err());
            List<List<String>> rows = Csv.parse(Files.readString(out));
            assertEquals(4, rows.size(), "the batch went on after the failure");
            List<String> failed = rows.stream().filter(r -> col(r, "line").equals("2")).findFirst().orElseThrow();
            assertTrue(col(failed, "error").startsWith("RESOURCE_EXHAUSTED: "), failed.toString());
            assertEquals("", col(failed, "median_ms"));
            assertEquals(LocalCompiler.compile(large, 64, 0).id(), col(failed, "architecture_id"),
                    "the id is known even so");
            assertTrue(run.err().contains("line 2 mobilenet_v2 FAILED: RESOURCE_EXHAUSTED"), run.err());
            assertTrue(run.err().contains("2 measured, 1 failed, 0 skipped"), run.err());

            CliRun again = batch(archs, "--out", out.toString(), "--target", "127.0.0.1:" + strict.port());
            assertEquals(LatmCli.EXIT_REFUSED, again.exitCode(), "the results are still incomplete");
            assertTrue(again.err().contains("(1 of them failed; delete their rows to retry)"), again.err());
        } finally {
            TestServers.stopAll(strict);
        }
    }

    /** Resuming skips what is done; rows of another numeric format are not done, so the file is refused. */
    @Test
    void aFileOfAnotherDtypeIsNotResumed() throws Exception {
        Path archs = archsFile(2);
        Path out = dir.resolve("int8.csv");
        CliRun int8 = batch(archs, "--out", out.toString(), "--dtype", "int8");
        assertEquals(0, int8.exitCode(), int8.err());
        List<List<String>> rows = Csv.parse(Files.readString(out));
        assertEquals(List.of("int8", "int8"), rows.subList(1, 3).stream().map(r -> col(r, "dtype")).toList());
        String measured = Files.readString(out);

        CliRun float32 = batch(archs, "--out", out.toString());
        assertEquals(LatmCli.EXIT_BAD_INPUT, float32.exitCode());
        assertTrue(float32.err().contains("--out " + out + " holds int8 results and this run measures float32; "
                + "choose another --out"), float32.err());
        assertEquals(measured, Files.readString(out), "left as it was");
        CliRun again = batch(archs, "--out", out.toString(), "--dtype", "INT8");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("2 of 2 already there"), again.err());
    }

    @Test
    void jsonLinesResumeToo() throws Exception {
        Path archs = archsFile(3);
        Path out = dir.resolve("results.jsonl");
        assertEquals(0, batch(archs, "--out", out.toString(), "--format", "json").exitCode());
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size());
        JsonObject row = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(Set.copyOf(COLUMNS), row.keySet());
        assertTrue(row.get("error").isJsonNull());
        assertTrue(row.get("median_ms").getAsDouble() > 0);
        // a crash in the middle of writing the last row
        Files.writeString(out, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 20));
        CliRun resumed = batch(archs, "--out", out.toString(), "--format", "json");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("2 of 3 already there, skipped; measuring 1"), resumed.err());
        assertTrue(resumed.err().contains("cut off an incomplete last row"), resumed.err());
        assertEquals(3, Files.readAllLines(out).stream().map(l -> JsonParser.parseString(l).getAsJsonObject()
                .get("line").getAsInt()).distinct().count());
    }

    @Test
    void aCsvOfOtherColumnsIsNotAppendedTo() throws Exception {
        Path out = dir.resolve("old.csv");
        String old = "line,name,architecture_id,median_ms,error\n1,a,abc,1.5,\n";
        Files.writeString(out, old);
        CliRun run = batch(archsFile(2), "--out", out.toString());
        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("exists but is not this latm's batch CSV: its header is "
                + "line,name,architecture_id,median_ms,error, expected " + String.join(",", COLUMNS)), run.err());
        assertEquals(old, Files.readString(out), "left as it was");
    }

    @Test
    void aFailedRowHasNullStatisticsInJsonLines() throws Exception {
        Architecture large = Presets.get("mobilenet_v2");
        LatmServer strict = TestServers.start(TestServers.loopback().limits(Limits.builder().maxMacs(1000).build()));
        try {
            Path archs = dir.resolve("large.txt");
            Files.write(archs, List.of(json(large)));
            CliRun run = batch(archs, "--format", "json", "--target", "127.0.0.1:" + strict.port());
            assertEquals(LatmCli.EXIT_REFUSED, run.exitCode(), run.err());
            JsonObject row = JsonParser.parseString(run.out().strip()).getAsJsonObject();
            assertEquals(Set.copyOf(COLUMNS), row.keySet());
            assertTrue(row.get("median_ms").isJsonNull() && row.get("macs").isJsonNull(), row.toString());
            assertEquals("mobilenet_v2", row.get("name").getAsString());
            assertTrue(row.get("error").getAsString().startsWith("RESOURCE_EXHAUSTED: "), row.toString());
        } finally {
            TestServers.stopAll(strict);
        }
    }

    @Test
    void withoutOutTheRowsGoToStdout() throws Exception {
        CliRun run = batch(archsFile(2));
        assertEquals(0, run.exitCode(), run.err());
        List<List<String>> rows = Csv.parse(run.out());
        assertEquals(COLUMNS, rows.get(0));
        assertEquals(3, rows.size());
    }

    @Test
    void onATerminalTheProgressIsOneBar() throws Exception {
        CliRun run = batch(archsFile(3), "--progress", "bar");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("\r[########################] 3/3  "), run.err());
        assertTrue(run.err().contains("archs/min  ETA 0s"), run.err());
        assertFalse(run.err().contains("[1/3] "), run.err());
    }

    @Test
    void aFleetTargetSpreadsTheBatchAndKeepsEachDeviceId() throws Exception {
        LatmServer a = TestServers.start(TestServers.loopback().deviceId("fleet-a"));
        LatmServer b = TestServers.start(TestServers.loopback().deviceId("fleet-b"));
        try {
            Path out = dir.resolve("fleet.csv");
            double beforeA = TestServers.measured(a);
            double beforeB = TestServers.measured(b);
            CliRun run = batch(archsFile(12), "--out", out.toString(), "--target",
                    "127.0.0.1:" + a.port() + ",127.0.0.1:" + b.port());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("a fleet of 2 devices (round robin, 4 in flight)"), run.err());
            Map<String, Integer> perDevice = new HashMap<>();
            List<List<String>> rows = Csv.parse(Files.readString(out));
            for (List<String> row : rows.subList(1, rows.size())) {
                perDevice.merge(col(row, "device_id"), 1, Integer::sum);
            }
            assertEquals(Set.of("fleet-a", "fleet-b"), perDevice.keySet(), perDevice.toString());
            assertEquals(perDevice.get("fleet-a").doubleValue(), TestServers.measured(a) - beforeA);
            assertEquals(perDevice.get("fleet-b").doubleValue(), TestServers.measured(b) - beforeB);
        } finally {
            TestServers.stopAll(a, b);
        }
    }

    @Test
    void helpSaysWhenItExitsThree() {
        CliRun help = CliRun.of("batch", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().replaceAll("\\s+", " ").contains("the command then exits 3 at the end"), help.out());
    }

    /** A file of {@code count} architectures, JSON and block strings alternating, with comments and blanks. */
    private Path archsFile(int count) throws Exception {
        List<String> lines = new ArrayList<>(List.of("# latm batch test input", ""));
        List<String> blocks = TestServers.tinyBlockStrings(count);
        for (int i = 0; i < count; i++) {
            Architecture arch = BlockStrings.decode(BlockStrings.split(blocks.get(i)));
            lines.add(i % 2 == 0 ? json(arch.toBuilder().setName("net" + i).build()) : blocks.get(i));
            if (i % 5 == 4) {
                lines.add("   # a comment between architectures");
            }
        }
        Path file = dir.resolve("archs-" + count + ".txt");
        Files.write(file, lines);
        return file;
    }

    /** The (line, architecture id) of every architecture in the file, as the CSV should key them. */
    private static Set<String> expectedKeys(Path archs) throws Exception {
        Set<String> keys = new HashSet<>();
        List<String> lines = Files.readAllLines(archs);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Architecture arch = line.startsWith("{") ? ArchitectureJson.parse(line)
                    : BlockStrings.decode(BlockStrings.split(line));
            keys.add((i + 1) + "/" + LocalCompiler.compile(arch, 64, 0).id());
        }
        return keys;
    }

    private static Set<String> keys(List<List<String>> rows) {
        Set<String> keys = new HashSet<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertTrue(keys.add(col(row, "line") + "/" + col(row, "architecture_id")), "duplicate row " + row);
        }
        return keys;
    }

    private static String json(Architecture architecture) {
        return JsonParser.parseString(ArchitectureJson.print(architecture)).toString();
    }

    private static String col(List<String> row, String column) {
        return row.get(COLUMNS.indexOf(column));
    }

    private static long macsAt64(Architecture architecture) {
        return LocalCompiler.compile(architecture, 64, 0).cost().macs();
    }

    private static CliRun batch(Path archs, String... more) {
        List<String> args = new ArrayList<>(List.of("batch", "--archs", archs.toString()));
        args.addAll(TestServers.CHEAP_FLAGS);
        List<String> extra = List.of(more);
        if (!extra.contains("--target")) {
            args.addAll(List.of("--target", server.target()));
        }
        args.addAll(extra);
        return CliRun.of(args.toArray(String[]::new));
    }
}
