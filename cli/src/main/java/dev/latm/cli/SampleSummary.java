package dev.latm.cli;

import dev.latm.proto.v1.MeasureResponse;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The run times of a measurement ({@code --samples}) as a table can show them: the warm-up and the
 * timed phase, each as the medians of consecutive windows, and where the timed series shifted. The
 * whole series is in {@code --format json} ({@code warmup_samples_ms}, {@code samples_ms}).
 */
final class SampleSummary {
    /** Windows per phase at most: enough to see a trend, few enough for one line each. */
    private static final int WINDOWS = 12;

    private SampleSummary() {
    }

    static void print(MeasureResponse r, PrintWriter out) {
        List<Double> warmup = r.getWarmupSamplesMsList();
        List<Double> timed = r.getLatency().getSamplesMsList();
        out.printf("%nrun times (ms): warm-up %d runs, then %d timed runs%n", warmup.size(), timed.size());
        if (!warmup.isEmpty()) {
            out.println("  warm-up  " + windows(warmup));
        }
        if (!timed.isEmpty()) {
            out.println("  timed    " + windows(timed));
        }
        if (r.getStationarity().hasChangepointRun()) {
            int run = r.getStationarity().getChangepointRun();
            out.printf(Locale.ROOT, "  changepoint at timed run %d (window %d): %+.1f%%%n", run,
                    timed.isEmpty() ? 0 : 1 + run / windowSize(timed.size()), 100 * r.getStationarity().getShift());
        }
    }

    /** Medians of up to {@value #WINDOWS} consecutive windows, e.g. {@code [20 runs each] 3.12 2.51 2.40}. */
    static String windows(List<Double> samples) {
        int size = windowSize(samples.size());
        StringBuilder line = new StringBuilder("[medians of " + size + " runs]");
        for (int from = 0; from < samples.size(); from += size) {
            double[] window = samples.subList(from, Math.min(samples.size(), from + size)).stream()
                    .mapToDouble(Double::doubleValue).sorted().toArray();
            double median = window.length % 2 == 1 ? window[window.length / 2]
                    : (window[window.length / 2 - 1] + window[window.length / 2]) / 2;
            line.append(String.format(Locale.ROOT, " %.3f", median));
        }
        return line.toString();
    }

    private static int windowSize(int samples) {
        return Math.max(1, (samples + WINDOWS - 1) / WINDOWS);
    }

}
