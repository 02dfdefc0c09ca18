package dev.latm.cli.search;

/**
 * How a search screens its proposals with a latency predictor: each round proposes {@code proposals}
 * candidates, predicts their LAT(m), and measures only the {@code keep} best by predicted reward, plus
 * {@code audit} of the others drawn at random, whose measurements say how often screening kept the
 * candidate that measuring every proposal would have chosen. Audited candidates are measured but
 * are not trials: the strategy never sees them, so the search is the one a screen without audit makes.
 *
 * @param keep        candidates measured per round (K)
 * @param proposals   candidates proposed and predicted per round
 * @param audit       screened-out candidates measured per round to check the screen
 * @param predictions where predictions come from
 */
public record Screening(int keep, int proposals, int audit, LatencyPredictions predictions) {

    public Screening {
        check(keep, proposals, audit);
    }

    /** @throws IllegalArgumentException naming the flag of a setting out of range */
    public static void check(int keep, int proposals, int audit) {
        if (keep < 1) {
            throw new IllegalArgumentException("--screen must be >= 1 (got " + keep + ")");
        }
        if (proposals <= keep) {
            throw new IllegalArgumentException("--proposals must be above --screen " + keep + ", or nothing is screened"
                    + " out (got " + proposals + ")");
        }
        if (audit < 0 || audit > proposals - keep) {
            throw new IllegalArgumentException("--screen-audit must be in [0, --proposals - --screen = "
                    + (proposals - keep) + "] (got " + audit + ")");
        }
    }
}
