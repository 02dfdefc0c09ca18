package dev.latm.cli;

import com.google.gson.JsonParser;
import dev.latm.cli.predictor.PredictorText;
import dev.latm.cli.search.ParetoFront;
import dev.latm.cli.search.Screening;
import dev.latm.cli.search.ScreeningTally;
import dev.latm.cli.search.SearchController;
import dev.latm.cli.search.Trial;
import dev.latm.model.predict.Evaluation;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.server.predict.PredictorInfos;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The end of {@code latm search}: the best trial by reward and the latency/accuracy Pareto front. */
final class SearchReport {
    private static final String ROW = "  %5s  %9s  %7s  %8s  %8s  %8s  %-16s  %s%n";

    private SearchReport() {
    }

    static void print(List<Trial> trials, String accuracyNote, PrintWriter out) {
        long failed = trials.stream().filter(t -> !t.ok()).count();
        out.printf("%n%d trials, %d measured, %d failed%n", trials.size(), trials.size() - failed, failed);
        Optional<Trial> best = SearchController.best(trials);
        if (best.isEmpty()) {
            out.println("no trial was measured: nothing to rank");
            return;
        }
        Trial b = best.get();
        out.printf("best by reward: trial %d  R %.4f  LAT %.3f ms  ACC %.4f (%s)  %s MACs  %s params  device %s%n",
                b.number(), b.reward(), b.latencyMs(), b.accuracy().value(), b.accuracy().source(),
                millions(b.macs()), millions(b.params()), b.deviceId());
        out.printf("  %s  (architecture_id %s)%n", b.summary(), b.architectureId());
        out.printf("  %s%n", JsonParser.parseString(ArchitectureJson.print(b.architecture())));
        List<Trial> front = ParetoFront.of(trials);
        out.printf("%nPareto front of latency vs accuracy: %d of %d measured trials are non-dominated, fastest first%n",
                front.size(), trials.size() - failed);
        out.printf("(%s)%n", accuracyNote);
        out.printf(ROW, "trial", "LAT ms", "ACC", "reward", "MACs", "params", "architecture_id", "summary");
        for (Trial t : front) {
            out.printf(ROW, t.number(), String.format("%.3f", t.latencyMs()), String.format("%.4f", t.accuracy()
                    .value()), String.format("%.4f", t.reward()), millions(t.macs()), millions(t.params()),
                    t.architectureId(), t.summary());
        }
    }

    /** What screening did, how often it kept the best candidate, and how its predictions compared. */
    static void printScreening(ScreeningTally tally, Screening screening, PrintWriter out) {
        out.printf("%nscreening: %d rounds, %d proposals predicted, %d measured as trials (the best %d by predicted "
                + "reward each round), %d screened-out candidates audited%n", tally.rounds(), tally.proposed(),
                tally.kept(), screening.keep(), tally.audited());
        if (tally.auditedRounds() == 0) {
            out.println("screening kept the best candidate: not estimated (no audited candidate was measured; "
                    + "--screen-audit N measures N screened-out candidates a round)");
        } else {
            boolean exact = screening.audit() == screening.proposals() - screening.keep();
            out.printf(Locale.ROOT, "screening kept the best measured candidate of its round in %d of %d audited "
                            + "rounds (%.0f%%)%s%n", tally.hits(), tally.auditedRounds(),
                    100.0 * tally.hits() / tally.auditedRounds(), exact ? ": every screened-out candidate was "
                            + "measured, so this is what measuring every proposal would have chosen"
                            : ": an estimate, from " + screening.audit() + " random screened-out candidate(s) a round "
                            + "(an upper bound: a better one may have gone unaudited)");
        }
        out.println(predictedVsMeasured(tally.predictedMs(), tally.measuredMs(), tally.unpredicted()));
    }

    /**
     * The summary's predicted-vs-measured line: the accuracy figures of the pairs, or "n/a" with their
     * count under two pairs (a Kendall tau needs two, and one pair's shares and errors say nothing),
     * and how many measured candidates had no prediction to compare.
     */
    static String predictedVsMeasured(double[] predictedMs, double[] measuredMs, int unpredicted) {
        String what = "predicted vs measured LAT(m) (lat_ms, else median_ms)";
        int pairs = predictedMs.length;
        String line = pairs < 2
                ? what + ": n/a, " + pairs + (pairs == 1 ? " pair" : " pairs") + " of a prediction and a measurement "
                        + "(at least 2 are needed)"
                : what + " of the " + pairs + " measured candidates: " + PredictorText.accuracy(PredictorInfos
                        .accuracy(Evaluation.of(predictedMs, measuredMs)));
        return unpredicted == 0 ? line : line + "; " + unpredicted + " measured candidate"
                + (unpredicted == 1 ? "" : "s") + " had no prediction";
    }

    private static String millions(long count) {
        return String.format("%.1fM", count / 1e6);
    }
}
