package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.cli.plot.Figure;
import dev.latm.cli.plot.Panel;
import dev.latm.cli.plot.Reference;
import dev.latm.cli.plot.Series;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.Stationarity;
import dev.latm.server.TestServers;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code latm measure --plot FILE.png}: the per-measurement chart, end to end and from plain values. */
class MeasurementPlotTest {
    private static final String BLOCK = TestServers.tinyBlockStrings(1).get(0);

    @TempDir
    Path dir;

    /** The in-process server's baseline in this test JVM's device store (LATM_STORE), cheaply. */
    @BeforeAll
    static void calibrate() {
        CliRun calibrated = CliRun.calibrateCheaply();
        assertEquals(0, calibrated.exitCode(), calibrated.err());
    }

    @Test
    void measureWritesTheChartOfItsRunsAndTurnsOnSamples() throws Exception {
        Path png = dir.resolve("runs.png");

        CliRun run = measure("--plot", png.toString(), "--format", "json");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\"samples_ms\""), "--plot asks for the samples: " + run.out());
        assertTrue(run.out().contains("\"warmup_samples_ms\""), "and the warm-up's: " + run.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Figure.WIDTH, image.getWidth());
        assertEquals(Figure.HEIGHT, image.getHeight());
    }

    @Test
    void aMissingFolderIsRefusedBeforeMeasuring() {
        CliRun run = measure("--plot", dir.resolve("absent/runs.png").toString());

        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("--plot " + dir.resolve("absent/runs.png") + ": the folder "
                + dir.resolve("absent") + " does not exist"), run.err());
        assertFalse(run.out().contains("LAT(m)"), "nothing was measured");
    }

    @Test
    void aStoredResultWithoutSamplesCannotBePlottedUntilMeasuredAgain() throws Exception {
        Path store = dir.resolve("results.db");
        Path png = dir.resolve("runs.png");
        assertEquals(0, CliRun.calibrateCheaply("--store", store.toString()).exitCode());
        assertEquals(0, measure("--store", store.toString()).exitCode());

        CliRun stored = measure("--store", store.toString(), "--plot", png.toString());
        assertEquals(LatmCli.EXIT_BAD_INPUT, stored.exitCode());
        assertTrue(stored.err().contains("--plot needs every run's time, but this result came from the result store "
                + "without them; add --force to measure again"), stored.err());
        assertFalse(Files.exists(png));

        CliRun forced = measure("--store", store.toString(), "--plot", png.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(Files.size(png) > 0);
    }

    @Test
    void warmupRunsAndLevelShiftsHaveTheirPlaceInTheChart() {
        Panel panel = MeasurementPlot.figure("net", List.of(5.0, 4.0), List.of(2.0, 2.1, 3.0, 3.1), 2.5, List.of(2))
                .panels().get(0);

        assertEquals(List.of(
                        Reference.span("warm-up", 0.5, 2.5, dev.latm.cli.plot.Palette.ORANGE),
                        Reference.span("timed", 2.5, 6.5, dev.latm.cli.plot.Palette.SKY_BLUE),
                        Reference.horizontal("median 2.500 ms", 2.5),
                        Reference.vertical("level shift", 4.5).withColour(dev.latm.cli.plot.Palette.VERMILLION)),
                panel.references(), "the shift before timed run 2 (0-based) falls between runs 4 and 5");
        Series runs = panel.series().get(0);
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), runs.xs(), "runs numbered from 1 across both phases");
        assertEquals(List.of(5.0, 4.0, 2.0, 2.1, 3.0, 3.1), runs.ys());
        assertEquals("no timed runs to plot", assertThrows(IllegalArgumentException.class,
                () -> MeasurementPlot.figure("net", List.of(), List.of(), 1, List.of())).getMessage());
    }

    @Test
    void theChartOfAResponseHasItsWarmupRunsAndItsShift() {
        MeasureResponse response = MeasureResponse.newBuilder().setName("net").setEngine("onnxruntime")
                .addAllWarmupSamplesMs(List.of(5.0, 4.0))
                .setLatency(LatencyStatistics.newBuilder().setMedianMs(2.5)
                        .addAllSamplesMs(List.of(2.0, 2.1, 3.0, 3.1)))
                .setStationarity(Stationarity.newBuilder().setStationary(false).setChangepointRun(2).setShift(0.45))
                .build();

        assertEquals(MeasurementPlot.figure("net on onnxruntime, 0 thread(s)", List.of(5.0, 4.0),
                List.of(2.0, 2.1, 3.0, 3.1), 2.5, List.of(2)), MeasurementPlot.of(response));
    }

    private static CliRun measure(String... extra) {
        List<String> args = new ArrayList<>(List.of("measure", "--blocks", BLOCK));
        args.addAll(TestServers.CHEAP_FLAGS);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }
}
