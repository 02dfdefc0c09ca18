package dev.latm.cli;

import dev.latm.cli.plot.Axis;
import dev.latm.cli.plot.Figure;
import dev.latm.cli.plot.Palette;
import dev.latm.cli.plot.Panel;
import dev.latm.cli.plot.Reference;
import dev.latm.cli.plot.Series;
import dev.latm.cli.search.ParetoFront;
import dev.latm.cli.search.Trial;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The chart {@code latm search} writes next to its trials: every measured trial's latency and accuracy,
 * the Pareto front as a step line, the target latency, and (a screened search) the audited candidates.
 */
final class ParetoChart {
    private ParetoChart() {
    }

    /** {@code trials.csv} -> {@code trials-pareto.png}. */
    static Path next(Path trialsCsv) {
        String name = trialsCsv.getFileName().toString();
        String stem = name.endsWith(".csv") ? name.substring(0, name.length() - ".csv".length()) : name;
        return trialsCsv.resolveSibling(stem + "-pareto.png");
    }

    /**
     * Writes the chart; nothing when no trial was measured.
     *
     * @return whether a chart was written
     */
    static boolean write(Path file, List<Trial> trials, List<Trial> audited, double targetMs, String accuracyNote)
            throws IOException {
        List<Trial> measured = trials.stream().filter(Trial::ok).toList();
        if (measured.isEmpty()) {
            return false;
        }
        List<Trial> front = ParetoFront.of(measured);
        Panel panel = Panel.of(String.format(Locale.ROOT, "Pareto front: %d of %d trials (%s)", front.size(),
                        measured.size(), accuracyNote), Axis.linear("LAT(m) (ms)"), Axis.linear("ACC(m)"))
                .with(Series.points("trials", latencies(measured), accuracies(measured)));
        List<Trial> audit = audited.stream().filter(Trial::ok).toList();
        if (!audit.isEmpty()) {
            panel = panel.with(Series.points("screened out, audited", latencies(audit), accuracies(audit))
                    .withColour(Palette.ORANGE));
        }
        panel = panel.with(Series.steps("Pareto front", latencies(front), accuracies(front))
                        .withColour(Palette.VERMILLION))
                .with(Reference.vertical(String.format(Locale.ROOT, "target %.3g ms", targetMs), targetMs));
        Figure.of(panel).writePng(file);
        return true;
    }

    private static double[] latencies(List<Trial> trials) {
        return trials.stream().mapToDouble(Trial::latencyMs).toArray();
    }

    private static double[] accuracies(List<Trial> trials) {
        return trials.stream().mapToDouble(t -> t.accuracy().value()).toArray();
    }
}
