package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.server.TestServers;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user sees of anchoring: {@code latm measure} shows LAT(m) (the normalized latency) first with
 * the raw median and the device's speed beside it, {@code --samples} the warm-up and timed phases,
 * {@code latm calibrate} the new baseline and {@code latm info} every baseline. Against a real server
 * with a cheap calibration.
 */
class AnchoringCommandsTest {
    @RegisterExtension
    static final LoopbackServer server = LoopbackServer.named("anchor-device");

    @Test
    void measureShowsLatFirstThenTheRawMedianAndTheDevicesSpeed() {
        CliRun run = measure("--samples");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();

        assertTrue(lines.get(1).matches("LAT\\(m\\) +\\d+\\.\\d{3} ms += \\d\\.\\d{4} x mobilenet_v3_small's baseline "
                + "\\d+\\.\\d{3} ms, 95% CI \\+-\\d+\\.\\d{2}%, target (NOT )?reached.*"), lines.get(1));
        assertTrue(lines.get(2).matches("raw median +\\d+\\.\\d{3} ms .*the device ran at \\d\\.\\d{2}x its baseline "
                + "\\((as at calibration|\\d+% (slower|faster) than at calibration)\\)"), lines.get(2));
        assertTrue(run.out().contains("warm-up "), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("stationary ") || l.startsWith("NOT stationary ")),
                run.out());
        assertTrue(run.out().contains("run times (ms): warm-up "), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  warm-up  [medians of ")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  timed    [medians of ")), run.out());
    }

    @Test
    void measureJsonCarriesLatTheAnchoredColumnsAndBothPhasesSamples() {
        CliRun run = measure("--samples", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();

        assertEquals(json.get("normalized_ms").getAsDouble(), json.get("lat_ms").getAsDouble());
        assertEquals(json.get("relative").getAsDouble() * json.get("baseline_ms").getAsDouble(),
                json.get("normalized_ms").getAsDouble(), 1e-3);
        assertEquals(json.get("warmup_runs").getAsInt(), json.getAsJsonArray("warmup_samples_ms").size());
        assertEquals(json.get("runs").getAsInt(), json.getAsJsonArray("samples_ms").size());
        assertFalse(json.get("warmup_outcome").isJsonNull());
    }

    @Test
    void withoutAReferenceLatIsTheMedianAndSaysSo() {
        CliRun run = measure("--reference", "none");
        assertEquals(0, run.exitCode(), run.err());
        String lat = run.out().lines().toList().get(1);
        assertTrue(lat.matches("LAT\\(m\\) +\\d+\\.\\d{3} ms +\\(the median; no reference\\).*"), lat);
        assertFalse(run.out().contains("raw median"), run.out());
    }

    @Test
    void calibrateReplacesTheBaselineAndInfoListsIt() {
        CliRun calibrate = CliRun.of("calibrate", "--target", server.target());
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        assertTrue(calibrate.out().startsWith("calibrated mobilenet_v3_small on onnxruntime "), calibrate.out());
        assertTrue(calibrate.out().contains("1 thread(s), FLOAT32 on device anchor-device"), calibrate.out());
        assertTrue(calibrate.out().lines().anyMatch(l -> l.matches("baseline +\\d+\\.\\d{4} ms +95% CI \\+-.*, \\d+ "
                + "runs, stationary \\(attempt \\d\\), .*")), calibrate.out());

        CliRun info = CliRun.of("info", "--target", server.target());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().lines().anyMatch(l -> l.startsWith("baseline    mobilenet_v3_small on onnxruntime ")),
                info.out());
        assertTrue(info.out().contains("reference mobilenet_v3_small, interleave 8"), info.out());

        CliRun json = CliRun.of("calibrate", "--target", server.target(), "--format", "json");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(JsonParser.parseString(json.out()).getAsJsonObject().get("median_ms").getAsDouble() > 0);
    }

    @Test
    void calibratingNoReferenceIsBadInputAndTheHelpShowsOnlyTheFlagsACalibrationUses() {
        CliRun none = CliRun.of("calibrate", "--target", server.target(), "--reference", "none");
        assertEquals(LatmCli.EXIT_BAD_INPUT, none.exitCode());
        assertTrue(none.err().contains("options.reference"), none.err());

        String help = CliRun.of("calibrate", "--help").out();
        for (String flag : List.of("--reference", "--engine", "--threads", "--precision", "--min-runs")) {
            assertTrue(help.contains(flag), flag + " in\n" + help);
        }
        for (String flag : List.of("--interleave", "--samples", "--profile", "--seed", "--force")) {
            assertFalse(help.contains(flag), flag + " in\n" + help);
        }
    }

    private static CliRun measure(String... more) {
        return CliRun.of(List.of("measure", "--target", server.target(), "--preset", "mobilenet_v3_small"),
                TestServers.CHEAP_FLAGS, more);
    }
}
