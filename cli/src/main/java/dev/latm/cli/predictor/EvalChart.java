package dev.latm.cli.predictor;

import dev.latm.cli.plot.Axis;
import dev.latm.cli.plot.Figure;
import dev.latm.cli.plot.Panel;
import dev.latm.cli.plot.Reference;
import dev.latm.cli.plot.Series;
import dev.latm.model.predict.Evaluation;
import java.util.Locale;

/** The chart of {@code latm predictor eval}: every network's predicted latency against its measured one. */
public final class EvalChart {
    private EvalChart() {
    }

    /**
     * @param label     the measured statistic, for the axis (normalized_ms, median_ms)
     * @param measured  measured latencies, ms
     * @param predicted predicted latencies, aligned with {@code measured}
     */
    public static Figure of(String title, String label, double[] measured, double[] predicted, Evaluation evaluation) {
        // the figures first: a title too long for the chart is shortened from its end
        String heading = String.format(Locale.ROOT, "%d networks, %.0f%% within +-10%%, %.0f%% within +-5%%, "
                        + "tau %.2f: %s", evaluation.count(), 100 * evaluation.within10(), 100 * evaluation.within5(),
                evaluation.kendallTau(), title);
        return Figure.of(Panel.of(heading, Axis.linear("measured " + label + " (ms)"), Axis.linear("predicted (ms)"))
                .withEqualAxes()
                .with(Reference.band("+-10%", 0.9, 1.1))
                .with(Reference.identity())
                .with(Series.points("networks", measured, predicted)));
    }
}
