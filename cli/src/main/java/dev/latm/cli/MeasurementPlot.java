package dev.latm.cli;

import dev.latm.cli.plot.Axis;
import dev.latm.cli.plot.Figure;
import dev.latm.cli.plot.Palette;
import dev.latm.cli.plot.Panel;
import dev.latm.cli.plot.Reference;
import dev.latm.cli.plot.Series;
import dev.latm.proto.v1.MeasureResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The per-measurement chart ({@code latm measure --plot FILE.png}): the latency of every run in the
 * order run, over the shaded warm-up and timed phases, with the median of the timed runs and any level
 * shift the stationarity check found. Runs are numbered from 1 across both phases. The runs are the
 * candidate's raw times; an anchored LAT(m), a ratio times the baseline, is in the table beside it.
 */
final class MeasurementPlot {

    private MeasurementPlot() {
    }

    /** Refuses, before anything is measured, a file whose folder does not exist. */
    static void checkFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--plot " + file + ": the folder " + folder + " does not exist");
        }
    }

    /** Writes the chart of {@code response} (measured with its samples returned) to {@code file}. */
    static void write(MeasureResponse response, Path file) {
        if (response.getLatency().getSamplesMsCount() == 0) {
            throw new IllegalArgumentException("--plot needs every run's time, but this result "
                    + (response.getFromStore() ? "came from the result store without them; add --force to measure again"
                    : "has none"));
        }
        try {
            of(response).writePng(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--plot " + file + ": cannot write it (" + e + ")", e);
        }
    }

    /**
     * The chart of what {@code response} carries: its warm-up runs, its timed runs (the candidate's own run
     * times, also when they were paired with a reference's) and the level shift the stationarity check
     * found, if any.
     */
    static Figure of(MeasureResponse response) {
        String title = (response.getName().isEmpty() ? response.getArchitectureId() : response.getName()) + " on "
                + response.getEngine() + ", " + response.getOptions().getThreads() + " thread(s)";
        List<Integer> changepoints = response.getStationarity().hasChangepointRun()
                ? List.of(response.getStationarity().getChangepointRun()) : List.of();
        return figure(title, response.getWarmupSamplesMsList(), response.getLatency().getSamplesMsList(),
                response.getLatency().getMedianMs(), changepoints);
    }

    /**
     * The chart itself, from plain values.
     *
     * @param warmupMs     the warm-up runs' times in order; empty when not known (the phase is then not drawn)
     * @param timedMs      the timed runs' times in order, at least one
     * @param medianMs     LAT(m), drawn as a horizontal line
     * @param changepoints for each level shift, the 0-based index among the timed runs of the first run
     *                     after it (as {@code dev.latm.runtime.timing.Changepoint#run}); drawn between
     *                     that run and the one before
     */
    static Figure figure(String title, List<Double> warmupMs, List<Double> timedMs, double medianMs,
            List<Integer> changepoints) {
        if (timedMs.isEmpty()) {
            throw new IllegalArgumentException("no timed runs to plot");
        }
        int warmup = warmupMs.size();
        int runs = warmup + timedMs.size();
        double[] run = new double[runs];
        double[] latency = new double[runs];
        for (int i = 0; i < runs; i++) {
            run[i] = i + 1;
            latency[i] = i < warmup ? warmupMs.get(i) : timedMs.get(i - warmup);
        }
        Panel panel = Panel.of(title, Axis.linear("run"), Axis.linear("latency (ms)"));
        if (warmup > 0) {
            panel = panel.with(Reference.span("warm-up", 0.5, warmup + 0.5, Palette.ORANGE));
        }
        panel = panel.with(Reference.span("timed", warmup + 0.5, runs + 0.5, Palette.SKY_BLUE))
                .with(Series.line("latency per run", run, latency))
                .with(Reference.horizontal(String.format(Locale.ROOT, "median %.3f ms", medianMs), medianMs));
        if (!changepoints.isEmpty()) {
            panel = panel.with(Reference.vertical("level shift",
                    changepoints.stream().mapToDouble(c -> warmup + c + 0.5).toArray()).withColour(Palette.VERMILLION));
        }
        return Figure.of(panel);
    }
}
