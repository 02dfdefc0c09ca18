package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.client.results.Csv;
import dev.latm.model.predict.LatencyPredictor;
import dev.latm.model.predict.Learner;
import dev.latm.model.predict.PredictorFile;
import dev.latm.model.predict.PredictorKey;
import dev.latm.model.predict.SyntheticDevice;
import dev.latm.model.spec.BlockStrings;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.DtypeLabel;
import dev.latm.server.LatmServer;
import dev.latm.server.SyntheticEngine;
import dev.latm.server.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latm predict} from a predictor file in process and from a server's Predict RPC, and {@code latm info}. */
class PredictCommandTest {
    static final PredictorKey KEY = new PredictorKey("synthetic-device", SyntheticEngine.NAME, SyntheticEngine.VERSION,
            1, 224, 1, DtypeLabel.FLOAT32);
    static final LatencyPredictor PREDICTOR = SyntheticDevice.predictor(KEY, Learner.LINEAR, 60);

    @TempDir
    static Path dir;
    static Path file;
    private static LatmServer server;

    /** {@link #PREDICTOR} saved as {@code synthetic.json} in {@code dir}, for a server or the CLI to load. */
    static Path savePredictor(Path dir) throws IOException {
        Path saved = dir.resolve("synthetic.json");
        PredictorFile.save(PREDICTOR, saved);
        return saved;
    }

    @BeforeAll
    static void start() throws Exception {
        file = savePredictor(dir);
        server = new SyntheticEngine(0.01).start(TestServers.loopback().deviceId("synthetic-device")
                .predictors(List.of(file)));
    }

    @AfterAll
    static void stop() throws Exception {
        TestServers.stopAll(server);
    }

    private static String target() {
        return "127.0.0.1:" + server.port();
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    @Test
    void aPredictorFilePredictsInProcessWithItsIntervalAndIdentity() {
        CliRun run = CliRun.of("predict", "--predictor", file.toString(), "--preset", "mobilenet_v3_large");

        assertEquals(0, run.exitCode(), run.err());
        var prediction = PREDICTOR.predict(Presets.get("mobilenet_v3_large"));
        assertTrue(run.out().startsWith("predictor " + PREDICTOR.id() + ": linear on 60 networks, median_ms, device "
                + "'synthetic-device' (synthetic 1.0)"), run.out());
        assertTrue(run.out().contains("mobilenet_v3_large  ") && run.out().contains(ms(prediction.latencyMs()) + "  ["
                + ms(prediction.lowMs()) + ", " + ms(prediction.highMs()) + "] (90%)"), run.out());
        assertTrue(run.out().matches("(?s).*1 predicted in [0-9.]+ us each, by the predictor file .*"), run.out());
    }

    @Test
    void theServersPredictionsAreTheFilesExactly() {
        CliRun remote = CliRun.of("predict", "--target", target(), "--preset", "mnasnet_a1", "--format", "json");

        assertEquals(0, remote.exitCode(), remote.err());
        JsonObject json = JsonParser.parseString(remote.out()).getAsJsonObject();
        JsonObject prediction = json.getAsJsonArray("predictions").get(0).getAsJsonObject();
        assertEquals(PREDICTOR.predict(Presets.get("mnasnet_a1")).latencyMs(), prediction.get("lat_ms").getAsDouble(),
                0);
        assertEquals(PREDICTOR.id(), json.getAsJsonArray("predictors").get(0).getAsJsonObject().get("id")
                .getAsString());
        assertTrue(json.get("us_per_architecture").getAsDouble() > 0);
    }

    @Test
    void aFileOfArchitecturesGivesARowEach() throws Exception {
        String blocks = "r1_k3_s11_e1_i32_o16_noskip,r2_k3_s22_e6_i16_o24";
        Path archs = Files.writeString(dir.resolve("archs.txt"), "# three networks\n" + blocks + "\n"
                + dev.latm.model.spec.ArchitectureJson.print(Presets.get("mobilenet_v2")).replace("\n", " ") + "\n"
                + "r1_k5_s22_e3_i16_o40_se0.25\n");

        for (String where : List.of("--predictor", "--target")) {
            CliRun run = CliRun.of("predict", where, where.equals("--target") ? target() : file.toString(), "--archs",
                    archs.toString(), "--format", "csv");

            assertEquals(0, run.exitCode(), run.err());
            List<List<String>> rows = Csv.parse(run.out());
            assertEquals(List.of("name", "architecture_id", "predictor_id", "lat_ms", "low_ms", "high_ms", "coverage",
                    "error"), rows.get(0));
            assertEquals(4, rows.size(), where);
            double expected = PREDICTOR.predict(BlockStrings.decode(BlockStrings.split(blocks))).latencyMs();
            assertEquals(expected, Double.parseDouble(rows.get(1).get(3)), 1e-4, where);
            assertEquals(PREDICTOR.id(), rows.get(2).get(2));
        }
    }

    @Test
    void aConfigurationTheServerHasNoPredictorForIsRefusedNamingWhatItHas() {
        CliRun run = CliRun.of("predict", "--target", target(), "--preset", "mobilenet_v3_small", "--threads", "2");

        assertEquals(LatmCli.EXIT_REFUSED, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("latm: FAILED_PRECONDITION: no latency predictor for synthetic, 2 threads, "
                + "224 px, batch 1, float32 on this device; loaded: synthetic, 1 thread, 224 px, batch 1, float32 ("
                + PREDICTOR.id() + ")"), run.err());
    }

    @Test
    void anInvalidNetworkGetsItsErrorAndExitsTwo() {
        CliRun run = CliRun.of("predict", "--target", target(), "--blocks", "r1_k3_s11_e1_i32_o16,r1_k3_s22_e6_i16_o0");

        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("FAILED: INVALID_ARGUMENT: architecture.stages[1].block.out_channels"), run.out());
    }

    /**
     * As latm batch does: every line is checked first, and malformed ones stop the command, each named
     * by its number, before anything is predicted (not only the first of them).
     */
    @Test
    void everyMalformedLineOfAnArchsFileIsNamedAndNothingIsPredicted() throws Exception {
        Path archs = Files.writeString(dir.resolve("bad-archs.txt"),
                "r1_k3_s11_e1_i32_o16_noskip,r2_k3_s22_e6_i16_o24\n" + "r1_k4_s11_e1_i32_o16\n\n"
                + "{\"stem\": {\"out_channels\": 16}, \"stages\": [\n"
                + "r1_k3_s11_e1_i32_o16_noskip\nr1_k3_s11_e1_i32_o16,r1_k3_s22_e6_i16_o0\n");

        for (String where : List.of("--predictor", "--target")) {
            CliRun run = CliRun.of("predict", where, where.equals("--target") ? target() : file.toString(), "--archs",
                    archs.toString());

            assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().startsWith("latm: --archs " + archs + ": 3 malformed lines, nothing was predicted:\n"),
                    run.err());
            assertTrue(run.err().contains("\n  line 2: stages[0].block.kernel_size: must be one of 3, 5, 7 (got 4)\n"),
                    run.err());
            assertTrue(run.err().contains("\n  line 4: invalid architecture JSON"), run.err());
            assertTrue(run.err().contains("\n  line 6: stages[1].block.out_channels: required, must be >= 1 (got 0)\n"),
                    run.err());
            assertEquals("", run.out(), "nothing is predicted");
        }
    }

    @Test
    void theHelpSaysHowMalformedLinesOfAnArchsFileEndTheCommand() {
        CliRun help = CliRun.of("predict", "--help");

        assertEquals(0, help.exitCode());
        String text = help.out().replaceAll("\\s+", " ");
        assertTrue(text.contains("Every line of --archs FILE is checked first, as latm batch checks it: malformed "
                + "lines stop the command (exit 2, each named by its line number) before anything is predicted."),
                text);
    }

    @Test
    void badInputIsRefusedNamingTheFlags() {
        PredictorBuildTest.assertRefused(CliRun.of("predict", "--preset", "mobilenet_v3_small"),
                "give --predictor FILE (predict in this process) or --target HOST:PORT (ask a device's Predict RPC)");
        PredictorBuildTest.assertRefused(CliRun.of("predict", "--predictor", file.toString(), "--target", target(),
                "--preset", "mobilenet_v3_small"), "give --predictor FILE (predict in this process) or --target "
                + "HOST:PORT (ask a device's Predict RPC), not both");
        PredictorBuildTest.assertRefused(CliRun.of("predict", "--predictor", file.toString(), "--preset",
                "mobilenet_v3_small", "--resolution", "160", "--threads", "4"), "the predictor " + PREDICTOR.id()
                + " was built for synthetic, 1 thread, 224 px, batch 1, float32, not --threads 4 (it is for 1), "
                + "--resolution 160 (it is for 224); leave those flags out or use a predictor built for them");
        PredictorBuildTest.assertRefused(CliRun.of("predict", "--predictor", file.toString()),
                "give one network (--preset, --arch or --blocks) or --archs FILE");
    }

    @Test
    void infoListsTheServersPredictors() {
        CliRun info = CliRun.of("info", "--target", target());

        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("predictor   " + PREDICTOR.id() + ": linear on 60 networks"), info.out());
    }

    /** Through the real server command, with ONNX Runtime: the engine's version is the one it really has. */
    @Test
    void theServerCommandRefusesAPredictorOfAnotherEngineVersion() {
        Path old = dir.resolve("old-onnxruntime.json");
        PredictorFile.save(SyntheticDevice.predictor(new PredictorKey("here", "onnxruntime", "1.16.0", 1, 224, 1,
                "float32"), Learner.LINEAR, 20), old);

        CliRun run = CliRun.of("server", "--port", "0", "--metrics-port", "-1", "--no-store", "--device-id", "here",
                "--predictor", old.toString());

        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("latm: --predictor " + old + ": the predictor was built for onnxruntime "
                + "1.16.0 on device 'here'") && run.err().contains("engine_version 1.16.0 != "), run.err());
    }
}
