package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.model.spec.DesignVariants;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

    @Test
    void printsPublishedCountsAsJson() {
        CliRun run = CliRun.of("analyze", "--preset", "mobilenet_v3_large", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(5_483_032, json.get("params_training").getAsLong());
        assertEquals(5_470_832, json.get("params").getAsLong());
        assertEquals(216.6e6, json.get("macs").getAsDouble(), 2.166e6);
        assertTrue(json.get("peak_activation_bytes").getAsLong() > 0);
        JsonObject stem = json.getAsJsonArray("layers").get(0).getAsJsonObject();
        assertEquals("stem", stem.get("name").getAsString());
        assertEquals("[1,16,112,112]", stem.get("output_shape").toString());
    }

    /** The MobileNetV3 design variants are presets by name: listed in the help, resolved by --preset. */
    @Test
    void theDesignVariantsAreNamedPresets() {
        String help = CliRun.of("analyze", "--help").out().replaceAll("\\s+", "");
        for (String name : DesignVariants.names()) {
            assertTrue(help.matches("(?s).*NAMEAnamedarchitecture:[a-z0-9_,]*" + name + "[,.].*"),
                    name + " in --preset's help");
        }
        long baseline = macs(CliRun.of("analyze", "--preset", DesignVariants.BASELINE, "--format", "json"));
        CliRun original = CliRun.of("analyze", "--preset", DesignVariants.ORIGINAL_LAST_STAGE, "--format", "json");
        assertEquals(0, original.exitCode(), original.err());
        assertEquals(DesignVariants.ORIGINAL_LAST_STAGE, JsonParser.parseString(original.out()).getAsJsonObject()
                .get("name").getAsString());
        assertEquals(34e6, macs(original) - baseline, 1e6, "the original last stage's extra multiply-adds");
        CliRun narrow = CliRun.of("analyze", "--preset", DesignVariants.SWISH, "--width-multiplier", "0.75");
        assertEquals(LatmCli.EXIT_BAD_INPUT, narrow.exitCode());
        assertTrue(narrow.err().contains("defined at width 1 only"), narrow.err());
    }

    @Test
    void resolutionOverrideScalesTheCost() {
        long at224 = macs(CliRun.of("analyze", "--preset", "mobilenet_v3_small", "--format", "json"));
        long at112 = macs(CliRun.of("analyze", "--preset", "mobilenet_v3_small", "--resolution", "112",
                "--format", "json"));
        assertTrue(at112 < at224 / 3, at112 + " vs " + at224);
    }

    @Test
    void readsArchitectureJsonAndBlockStrings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("arch.json");
        Files.writeString(file, "{\"stem\": {\"out_channels\": 32}, \"stages\": [{\"repeats\": 1, \"block\": "
                + "{\"op\": \"INVERTED_BOTTLENECK\", \"kernel_size\": 3, \"out_channels\": 16, \"expand_ratio\": 1, "
                + "\"skip\": \"NONE\"}}], \"head\": {\"conv_channels\": 1280}}");
        long fromJson = macs(CliRun.of("analyze", "--arch", file.toString(), "--format", "json"));
        long fromBlocks = macs(CliRun.of("analyze", "--blocks", "r1_k3_s11_e1_i32_o16_noskip", "--format", "json"));
        assertEquals(fromJson, fromBlocks);
    }

    @Test
    void tablePrintsTheSummary() {
        CliRun run = CliRun.of("analyze", "--preset", "mnasnet_b1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("params_training   4,383,312"), run.out());
        assertTrue(run.out().contains("stages.1.block.0.expand"), run.out());
    }

    @Test
    void invalidArchitecturePrintsEveryViolationAndExitsTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"stem\": {\"out_channels\": 16}, \"stages\": [{\"repeats\": 1, \"block\": "
                + "{\"op\": \"CONV\", \"kernel_size\": 4, \"out_channels\": 8, \"stride\": 3}}], \"head\": {}}");
        CliRun run = CliRun.of("analyze", "--arch", file.toString());
        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("stages[0].block.kernel_size: must be one of 1, 3, 5, 7 (got 4)"), run.err());
        assertTrue(run.err().contains("stages[0].block.stride: must be one of 1, 2 (got 3)"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void badSourcesExitTwoWithAMessage() {
        assertEquals(LatmCli.EXIT_BAD_INPUT, CliRun.of("analyze").exitCode());
        CliRun two = CliRun.of("analyze", "--preset", "mobilenet_v2", "--blocks", "r1_k3_s11_e1_i32_o16");
        assertEquals(LatmCli.EXIT_BAD_INPUT, two.exitCode());
        assertTrue(two.err().contains("exactly one of --preset"), two.err());
        CliRun unknown = CliRun.of("analyze", "--preset", "resnet");
        assertTrue(unknown.err().contains("must be one of mnasnet_a1"), unknown.err());
        CliRun missing = CliRun.of("analyze", "--arch", "/nonexistent/arch.json");
        assertEquals(LatmCli.EXIT_BAD_INPUT, missing.exitCode());
        assertTrue(missing.err().contains("cannot read --arch"), missing.err());
        assertEquals(LatmCli.EXIT_BAD_INPUT, CliRun.of("analyze", "--preset", "mobilenet_v2", "--format", "xml")
                .exitCode());
    }

    @Test
    void helpListsCommands() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("analyze"), run.out());
        assertTrue(run.out().contains("Exit codes"), run.out());
    }

    private static long macs(CliRun run) {
        assertEquals(0, run.exitCode(), run.err());
        return JsonParser.parseString(run.out()).getAsJsonObject().get("macs").getAsLong();
    }
}
