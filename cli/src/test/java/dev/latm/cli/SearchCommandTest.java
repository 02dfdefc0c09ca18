package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.client.results.Csv;
import dev.latm.client.results.ResultColumns;
import dev.latm.server.LatmServer;
import dev.latm.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latm search} in process against a real server on loopback. */
class SearchCommandTest {
    /** The trial, the columns every result table shares, then what the search adds. */
    private static final List<String> COLUMNS = Stream.of(Stream.of("trial"),
            ResultColumns.MEASUREMENT.names().stream(),
            Stream.of("acc", "acc_source", "reward", "summary", "arch_json")).flatMap(c -> c).toList();
    /** Two small stages at 64 px: quick to build, still a trade-off between size and speed. */
    private static final String SMALL_SPACE = """
            {"name": "small", "input": {"resolution": 64}, "stem": {"out_channels": 16, "stride": 2},
             "head": {"conv_channels": 128},
             "stages": [
               {"stride": 2, "op": ["INVERTED_BOTTLENECK", "SEPARABLE_CONV"], "kernel": [3, 5], "expansion": [3, 6],
                "se": [0, 0.25], "skip": ["IDENTITY", "NONE"], "filters": [16, 24], "repeats": [1, 2],
                "activation": ["RELU", "HARD_SWISH"]},
               {"stride": 2, "op": ["INVERTED_BOTTLENECK"], "kernel": [3, 5], "expansion": [3, 6], "se": [0, 0.25],
                "skip": ["IDENTITY", "NONE"], "filters": [32, 48], "repeats": [1, 2], "activation": ["RELU"]}
             ]}""";
    @RegisterExtension
    static final LoopbackServer server = LoopbackServer.named("search-device");

    @TempDir
    Path dir;

    @Test
    void thirtyTrialsOfTheBundledSpaceGiveThirtyRowsAndANonDominatedFront() throws Exception {
        Path out = dir.resolve("trials.csv");
        CliRun run = CliRun.of(args("--trials", "30", "--target-ms", "1.5", "--out", out.toString()));
        assertEquals(0, run.exitCode(), run.err());
        List<List<String>> rows = Csv.parse(Files.readString(out));
        assertEquals(COLUMNS, rows.get(0));
        assertEquals(31, rows.size());
        Map<Integer, double[]> points = new HashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals("proxy", col(row, "acc_source"));
            assertEquals("search-device", col(row, "device_id"));
            assertEquals("", col(row, "error"));
            double lat = Double.parseDouble(col(row, "lat_ms")); // LAT(m): normalized_ms, anchored by default
            assertEquals(col(row, "normalized_ms"), col(row, "lat_ms"));
            double acc = Double.parseDouble(col(row, "acc"));
            double w = -0.07;
            // R was computed from the unrounded LAT; the CSV has LAT to 0.1 us (a relative 5e-5 / lat)
            assertEquals(acc * Math.pow(lat / 1.5, w), Double.parseDouble(col(row, "reward")),
                    1e-9 + Math.abs(w) * 5e-5 / lat, "R = ACC (LAT/T)^w");
            String archJson = col(row, "arch_json");
            assertTrue(archJson.startsWith("{\"name\":\"mnv3_space_trial_" + col(row, "trial") + "\""), archJson);
            points.put(Integer.parseInt(col(row, "trial")), new double[] {lat, acc});
        }
        assertTrue(run.out().contains("ACC is a proxy, not a trained accuracy"), run.out());

        List<Integer> front = frontTrials(run.out());
        assertFalse(front.isEmpty(), run.out());
        for (int i = 1; i < front.size(); i++) {
            assertTrue(points.get(front.get(i - 1))[0] <= points.get(front.get(i))[0], "fastest first");
        }
        for (int member : front) {
            for (Map.Entry<Integer, double[]> other : points.entrySet()) {
                assertFalse(dominates(other.getValue(), points.get(member)),
                        "trial " + other.getKey() + " dominates front member " + member);
            }
        }
        for (Map.Entry<Integer, double[]> trial : points.entrySet()) {
            boolean dominated = points.values().stream().anyMatch(p -> dominates(p, trial.getValue()));
            boolean samePointAsAMember = front.stream().anyMatch(m -> points.get(m)[0] == trial.getValue()[0]
                    && points.get(m)[1] == trial.getValue()[1]);
            assertTrue(dominated || front.contains(trial.getKey()) || samePointAsAMember,
                    "trial " + trial.getKey() + " is non-dominated but missing from the front");
        }
        Matcher best = Pattern.compile("best by reward: trial (\\d+)").matcher(run.out());
        assertTrue(best.find(), run.out());
        double bestReward = Double.parseDouble(col(rows.get(Integer.parseInt(best.group(1))), "reward"));
        assertTrue(rows.subList(1, rows.size()).stream()
                .allMatch(r -> Double.parseDouble(col(r, "reward")) <= bestReward));
    }

    @Test
    void theSameSeedProposesTheSameCandidates() throws Exception {
        List<String> first = candidates(searchSmall("random", 4, "3"));
        List<String> again = candidates(searchSmall("random", 4, "3"));
        List<String> other = candidates(searchSmall("random", 4, "4"));
        assertEquals(first, again);
        assertNotEquals(first, other);
        // evolution starts with --population random candidates, which the seed fixes too
        List<String> evolution = candidates(searchSmall("evolution", 4, "3", "--population", "3", "--sample", "2"));
        assertEquals(first.subList(0, 3), evolution.subList(0, 3));
    }

    @Test
    void anAccuracyCommandReplacesTheProxy() throws Exception {
        Path out = dir.resolve("cmd.csv");
        CliRun run = CliRun.of(args("--space", space(), "--trials", "3", "--target-ms", "1", "--out", out.toString(),
                "--accuracy-cmd", "/bin/sh -c 'echo 0.7'"));
        assertEquals(0, run.exitCode(), run.err());
        List<List<String>> rows = Csv.parse(Files.readString(out));
        assertEquals(4, rows.size());
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals("command", col(row, "acc_source"));
            assertEquals(0.7, Double.parseDouble(col(row, "acc")));
        }
        assertTrue(run.out().contains("ACC from --accuracy-cmd: /bin/sh -c 'echo 0.7'"), run.out());
        assertFalse(run.out().contains("proxy"), run.out());
    }

    @Test
    void aFailingAccuracyCommandStopsTheSearchWithAClearError() throws Exception {
        Path out = dir.resolve("failing.csv");
        CliRun run = CliRun.of(args("--space", space(), "--trials", "3", "--target-ms", "1", "--out", out.toString(),
                "--accuracy-cmd", "/bin/sh -c 'echo CUDA out of memory >&2; exit 2'"));
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("latm: --accuracy-cmd exited with code 2 on trial 1; its stderr ends:"),
                run.err());
        assertTrue(run.err().contains("CUDA out of memory"), run.err());
        assertTrue(run.err().contains("the search stopped; the trials before it are in " + out), run.err());
        assertEquals(1, Csv.parse(Files.readString(out)).size(), "only the header: no trial completed");
    }

    @Test
    void theEmbeddedServerAndAFleetWorkToo() throws Exception {
        // the embedded server's baseline, calibrated cheaply first: the real plan is for a device, and a
        // busy test machine can refuse it
        CliRun calibrated = CliRun.calibrateCheaply();
        assertEquals(0, calibrated.exitCode(), calibrated.err());
        CliRun embedded = CliRun.of(withCheap("search", "--space", space(), "--trials", "2", "--target-ms", "1",
                "--out", dir.resolve("embedded.csv").toString()));
        assertEquals(0, embedded.exitCode(), embedded.err());
        assertTrue(embedded.out().contains("on the embedded server"), embedded.out());

        LatmServer other = TestServers.start(TestServers.loopback().deviceId("search-device-2"));
        try {
            Path out = dir.resolve("fleet.csv");
            CliRun fleet = CliRun.of(withCheap("search", "--space", space(), "--trials", "6", "--target-ms", "1",
                    "--out", out.toString(), "--target",
                    server.target() + ",127.0.0.1:" + other.port()));
            assertEquals(0, fleet.exitCode(), fleet.err());
            assertTrue(fleet.out().contains("6 trials, 2 at a time on a fleet of 2 devices"), fleet.out());
            List<List<String>> rows = Csv.parse(Files.readString(out));
            assertEquals(7, rows.size());
            assertTrue(Set.of("search-device", "search-device-2").containsAll(
                    rows.subList(1, rows.size()).stream().map(r -> col(r, "device_id")).toList()));
        } finally {
            TestServers.stopAll(other);
        }
    }

    @Test
    void badInputIsExitTwoWithAMessage() throws Exception {
        Path badSpace = dir.resolve("bad.json");
        Files.writeString(badSpace, SMALL_SPACE.replace("\"op\": [\"INVERTED_BOTTLENECK\"], \"kernel\": [3, 5]",
                "\"op\": [\"INVERTED_BOTTLENECK\"], \"kernel\": [3, 4]"));
        assertNotEquals(SMALL_SPACE, Files.readString(badSpace));
        CliRun bad = CliRun.of(args("--space", badSpace.toString(), "--trials", "2", "--target-ms", "1", "--out",
                dir.resolve("never.csv").toString()));
        assertEquals(LatmCli.EXIT_BAD_INPUT, bad.exitCode());
        assertTrue(bad.err().contains("stages[1].kernel[1]: must be one of 1, 3, 5, 7 (got 4)"), bad.err());
        assertFalse(Files.exists(dir.resolve("never.csv")));

        CliRun noTrials = CliRun.of("search", "--target-ms", "1");
        assertEquals(LatmCli.EXIT_BAD_INPUT, noTrials.exitCode());
        assertTrue(noTrials.err().contains("search needs --trials N and --target-ms T"), noTrials.err());

        Path existing = dir.resolve("existing.csv");
        Files.writeString(existing, "keep me");
        CliRun clash = CliRun.of(args("--space", space(), "--trials", "1", "--target-ms", "1", "--out",
                existing.toString()));
        assertEquals(LatmCli.EXIT_BAD_INPUT, clash.exitCode());
        assertTrue(clash.err().contains("exists; pass --overwrite"), clash.err());
        assertEquals("keep me", Files.readString(existing));
    }

    @Test
    void printSpaceShowsTheBundledFileWithItsFormat() {
        CliRun run = CliRun.of("search", "--print-space");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"comment\""), run.out());
        assertTrue(run.out().contains("Format: latm.v1.SearchSpace in protobuf JSON"), run.out());
    }

    private String space() throws Exception {
        Path file = dir.resolve("small-space.json");
        if (!Files.exists(file)) {
            Files.writeString(file, SMALL_SPACE);
        }
        return file.toString();
    }

    private CliRun searchSmall(String strategy, int trials, String seed, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--space", space(), "--strategy", strategy, "--trials",
                Integer.toString(trials), "--target-ms", "1", "--search-seed", seed, "--overwrite", "--out",
                dir.resolve("seeded.csv").toString()));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args(args.toArray(String[]::new)));
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    private List<String> candidates(CliRun run) throws Exception {
        List<List<String>> rows = Csv.parse(Files.readString(dir.resolve("seeded.csv")));
        return rows.subList(1, rows.size()).stream().map(r -> col(r, "arch_json")).toList();
    }

    private static String col(List<String> row, String column) {
        return row.get(COLUMNS.indexOf(column));
    }

    /** The trial numbers of the printed Pareto front, in printed order. */
    private static List<Integer> frontTrials(String out) {
        List<Integer> trials = new ArrayList<>();
        String table = out.substring(out.indexOf("Pareto front"));
        for (String line : table.lines().skip(3).toList()) {
            Matcher row = Pattern.compile("^\\s+(\\d+)\\s+\\d").matcher(line);
            if (!row.find()) {
                break;
            }
            trials.add(Integer.parseInt(row.group(1)));
        }
        return trials;
    }

    /** a = {lat, acc} dominates b. */
    private static boolean dominates(double[] a, double[] b) {
        return a[0] <= b[0] && a[1] >= b[1] && (a[0] < b[0] || a[1] > b[1]);
    }

    private static String[] args(String... more) {
        List<String> args = new ArrayList<>(List.of(withCheap("search")));
        args.addAll(List.of("--target", server.target()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] withCheap(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(TestServers.CHEAP_FLAGS);
        all.add("--progress=lines");
        return all.toArray(String[]::new);
    }
}
