package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.client.results.Csv;
import dev.latm.server.LatmServer;
import dev.latm.server.SyntheticEngine;
import dev.latm.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latm search --screen K} on the synthetic device, with its predictor as a file and as the Predict RPC. */
class SearchScreenTest {
    @TempDir
    static Path dir;
    private static Path file;
    private static LatmServer server;

    @BeforeAll
    static void start() throws Exception {
        file = PredictCommandTest.savePredictor(dir);
        server = new SyntheticEngine(0.01).start(TestServers.loopback().deviceId("synthetic-device")
                .store(dir.resolve("results.db")).predictors(List.of(file)));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stopAll(server);
    }

    private static CliRun search(Path out, String... more) {
        return CliRun.of(List.of("search", "--target", "127.0.0.1:" + server.port(), "--strategy", "random",
                "--search-seed", "5", "--trials", "4", "--target-ms", "10", "--screen", "2", "--proposals", "6", "--out",
                out.toString()), PredictorBuildTest.CHEAP, more);
    }

    /** The columns that do not change between two runs on one device (the measurement's times do not repeat). */
    private static List<List<String>> chosen(Path csv) throws Exception {
        List<List<String>> rows = Csv.parse(Files.readString(csv));
        List<String> header = rows.get(0);
        List<List<String>> kept = new ArrayList<>();
        for (List<String> row : rows) {
            kept.add(List.of(row.get(header.indexOf("trial")), row.get(header.indexOf("architecture_id")),
                    row.get(header.indexOf("predicted_ms")), row.get(header.indexOf("summary"))));
        }
        return kept;
    }

    @Test
    void theSameSeedScreensTheSameCandidatesWithAFileOrTheServersPredictor() throws Exception {
        Path first = dir.resolve("first.csv");
        Path again = dir.resolve("again.csv");
        Path rpc = dir.resolve("rpc.csv");

        CliRun run = search(first, "--predictor", file.toString(), "--screen-audit", "4");
        CliRun repeated = search(again, "--predictor", file.toString(), "--screen-audit", "4");
        CliRun remote = search(rpc, "--screen-audit", "4");

        for (CliRun r : List.of(run, repeated, remote)) {
            assertEquals(0, r.exitCode(), r.out() + r.err());
        }
        assertEquals(5, chosen(first).size(), "a header and the 4 kept trials");
        assertEquals(chosen(first), chosen(again));
        assertEquals(chosen(first), chosen(rpc), "the RPC predicts what the file does");
        assertEquals(chosen(dir.resolve("first.audit.csv")), chosen(dir.resolve("again.audit.csv")));
        assertEquals(9, Csv.parse(Files.readString(dir.resolve("first.audit.csv"))).size(), "4 audited a round");
        assertTrue(run.out().contains("screening: 6 proposals a round predicted by the predictor file " + file
                + ", in this process, the best 2 by predicted reward measured, 4 of the others audited"), run.out());
        assertTrue(remote.out().contains("predicted by the Predict RPC of 127.0.0.1:" + server.port()), remote.out());
        assertTrue(run.out().contains("screening: 2 rounds, 12 proposals predicted, 4 measured as trials (the best 2 "
                + "by predicted reward each round), 8 screened-out candidates audited"), run.out());
        assertTrue(run.out().matches("(?s).*screening kept the best measured candidate of its round in [0-2] of 2 "
                + "audited rounds \\([0-9]+%\\): every screened-out candidate was measured.*"), run.out());
        assertTrue(run.out().contains("predicted vs measured LAT(m) (lat_ms, else median_ms) of the 12 measured "
                + "candidates: n=12:"), run.out());
        Path chart = dir.resolve("first-pareto.png");
        assertTrue(run.out().contains("Pareto front drawn in " + chart), run.out());
        assertTrue(ImageIO.read(chart.toFile()).getWidth() > 0);
    }

    @Test
    void aSearchWithoutScreeningDrawsItsParetoFrontToo() throws Exception {
        Path out = dir.resolve("plain.csv");

        CliRun run = CliRun.of(List.of("search", "--target", "127.0.0.1:" + server.port(), "--trials", "3",
                "--target-ms", "10", "--out", out.toString()), PredictorBuildTest.CHEAP);

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(dir.resolve("plain-pareto.png")));
        assertTrue(!Csv.parse(Files.readString(out)).get(0).contains("predicted_ms"), "the columns stay as they were");
    }

    @Test
    void badScreeningSettingsAreRefusedBeforeAnythingIsWritten() {
        Path out = dir.resolve("never.csv");
        PredictorBuildTest.assertRefused(CliRun.of("search", "--trials", "2", "--target-ms", "5", "--screen", "2",
                "--proposals", "2", "--predictor", file.toString(), "--out", out.toString()),
                "--proposals must be above --screen 2, or nothing is screened out (got 2)");
        PredictorBuildTest.assertRefused(CliRun.of("search", "--trials", "2", "--target-ms", "5", "--screen", "1",
                "--out", out.toString()), "give --predictor FILE (predict in this process) or --target HOST:PORT (ask "
                + "a device's Predict RPC)");
        PredictorBuildTest.assertRefused(CliRun.of("search", "--trials", "2", "--target-ms", "5", "--predictor",
                file.toString(), "--out", out.toString()), "--proposals and --predictor screen proposals: give --screen "
                + "K too");
        assertTrue(!Files.exists(out));
    }
}
