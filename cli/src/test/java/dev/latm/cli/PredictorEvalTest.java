package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.client.results.Csv;
import dev.latm.server.SyntheticEngine;
import dev.latm.server.TestServers;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latm predictor eval} on the synthetic device the predictor describes, and on one it does not. */
class PredictorEvalTest {
    private static final Pattern WITHIN_10 = Pattern.compile("within \\+-10% ([0-9.]+)%");

    @TempDir
    static Path dir;
    private static Path file;
    /** The device the predictor was built for, and another one. */
    @RegisterExtension
    static final LoopbackServer server = synthetic("synthetic-device");
    @RegisterExtension
    static final LoopbackServer elsewhere = synthetic("other-device");

    private static LoopbackServer synthetic(String deviceId) {
        return LoopbackServer.of(() -> new SyntheticEngine(0.01).start(TestServers.loopback().deviceId(deviceId)));
    }

    @BeforeAll
    static void savePredictor() throws Exception {
        file = PredictCommandTest.savePredictor(dir);
    }

    private static CliRun eval(LoopbackServer on, String... more) {
        return CliRun.of(List.of("predictor", "eval", "--predictor", file.toString(), "--target", on.target()),
                PredictorBuildTest.CHEAP, more);
    }

    private static double within10(CliRun run) {
        Matcher matcher = WITHIN_10.matcher(run.out());
        assertTrue(matcher.find(), run.out());
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void freshNetworksOfTheSpaceAreMeasuredComparedAndDrawn() throws Exception {
        Path chart = dir.resolve("eval.png");
        Path rows = dir.resolve("eval.csv");

        CliRun run = eval(server, "--samples", "8", "--plot", chart.toString(), "--out", rows.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("judged on 8 fresh networks: random points of the bundled space (sample seed 2);"
                + " none of them in its training set"), run.out());
        // the predictor is of this very device: a linear model of its costs, from 60 other networks
        assertTrue(run.out().contains("against median_ms: n=8: within +-5%") && within10(run) >= 87.5, run.out());
        assertTrue(run.out().matches("(?s).*interval: [0-9]+ of 8 measurements \\([0-9.]+%\\) inside the predicted 90%"
                + " interval.*prediction: [0-9.]+ us per network.*"), run.out());
        BufferedImage image = ImageIO.read(chart.toFile());
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
        List<List<String>> table = Csv.parse(Files.readString(rows));
        assertEquals(List.of("name", "architecture_id", "measured_ms", "label", "predicted_ms", "low_ms", "high_ms",
                "relative_error", "inside_interval"), table.get(0));
        assertEquals(9, table.size());
    }

    @Test
    void networksOutsideTheSpaceFromAFileAndThePresetsAreJudgedToo() throws Exception {
        CliRun outside = eval(server, "--samples", "3", "--outside-space", "--plot", dir.resolve("o.png").toString());
        assertEquals(0, outside.exitCode(), outside.err());
        assertTrue(outside.out().contains("random points of the bundled space pushed outside it"), outside.out());

        CliRun presets = eval(server, "--samples", "5", "--presets", "--plot", dir.resolve("p.png").toString());
        assertEquals(0, presets.exitCode(), presets.err());
        assertTrue(presets.out().contains("judged on 5 fresh networks: the presets"), presets.out());

        Path blocks = Files.writeString(dir.resolve("blocks.txt"), "r1_k3_s11_e1_i32_o16_noskip,r2_k3_s22_e6_i16_o24\n"
                + "r1_k3_s11_e1_i32_o16_noskip,r3_k5_s22_e3_i16_o40_se0.25\n");
        CliRun fromFile = eval(server, "--samples", "10", "--blocks-file", blocks.toString(), "--plot",
                dir.resolve("b.png").toString());
        assertEquals(0, fromFile.exitCode(), fromFile.err());
        assertTrue(fromFile.out().contains("judged on 2 fresh networks: the lines of " + blocks), fromFile.out());
    }

    @Test
    void anotherDeviceIsRefusedAsTheWrongPlaceToJudgeIt() {
        CliRun run = eval(elsewhere, "--samples", "2", "--plot", dir.resolve("x.png").toString());

        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.out());
        assertTrue(run.err().contains("but the device measured under synthetic 1.0 on device 'other-device'")
                && run.err().contains("device_id synthetic-device != other-device")
                && run.err().contains("evaluate it on the device and engine it was built for"), run.err());
    }

    @Test
    void aMalformedBlocksFileIsRefusedNamingBlocksFileEachLineAndWhatALineMayHold() throws Exception {
        Path blocks = Files.writeString(dir.resolve("bad-blocks.txt"),
                "r1_k3_s11_e1_i32_o16_noskip,r2_k3_s22_e6_i16_o24\n" + "r1_k4_s11_e1_i32_o16\n# a comment\nhello\n");

        CliRun run = eval(server, "--samples", "2", "--blocks-file", blocks.toString(), "--plot",
                dir.resolve("bad.png").toString());

        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("latm: --blocks-file " + blocks + ": 2 malformed lines, nothing was measured:"),
                run.err());
        assertTrue(run.err().contains("\n  line 2: stages[0].block.kernel_size: must be one of 3, 5, 7 (got 4)\n"),
                run.err());
        assertTrue(run.err().contains("\n  line 4: blocks[0]: unknown token 'hello' in 'hello'; allowed: "), run.err());
        assertTrue(run.err().contains("each line: the JSON of a latm.v1.Architecture (starting with '{') or MnasNet "
                + "block strings separated by commas; blank lines and lines starting with # are skipped"), run.err());
        assertFalse(run.err().contains("--archs"), run.err());
        assertEquals("", run.out(), "nothing is judged");
    }

    @Test
    void anEmptyOrUnreadableBlocksFileIsRefusedNamingBlocksFile() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty-blocks.txt"), "# nothing\n\n");
        PredictorBuildTest.assertRefused(eval(server, "--samples", "2", "--blocks-file", empty.toString()),
                "--blocks-file " + empty + " holds no architecture (only blank or # lines)");

        Path missing = dir.resolve("no-such-blocks.txt");
        CliRun run = eval(server, "--samples", "2", "--blocks-file", missing.toString());
        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("latm: cannot read --blocks-file " + missing + ": "), run.err());
    }

    @Test
    void badInputIsRefusedNamingTheFlags() {
        PredictorBuildTest.assertRefused(eval(server, "--samples", "2", "--presets", "--outside-space"),
                "give one source of networks: --space (with or without --outside-space), --blocks-file or --presets");
        PredictorBuildTest.assertRefused(eval(server, "--samples", "0"), "--samples must be >= 1 (got 0)");
        PredictorBuildTest.assertRefused(eval(server, "--samples", "2", "--engine", "java"), "the predictor "
                + PredictCommandTest.PREDICTOR.id() + " was built for synthetic, 1 thread, 224 px, batch 1, float32, "
                + "not --engine java (it is for synthetic); leave those flags out or use a predictor built for them");
        PredictorBuildTest.assertRefused(eval(server, "--samples", "2", "--plot", dir.resolve("no/such/x.png")
                .toString()), "--plot " + dir.resolve("no/such/x.png") + ": the folder " + dir.resolve("no/such")
                + " does not exist");
    }
}
