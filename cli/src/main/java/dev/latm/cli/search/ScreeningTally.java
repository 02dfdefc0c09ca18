package dev.latm.cli.search;

import java.util.ArrayList;
import java.util.List;

/**
 * What screening did over a search: how many proposals it predicted and measured, and, in the rounds
 * with an audit, whether the best candidate measured (kept or audited) was one it kept: the estimate of
 * how often screening kept what measuring every proposal would have chosen. With every screened-out
 * candidate audited the estimate is exact; with a sample of them it is an upper bound.
 */
public final class ScreeningTally {
    private int rounds;
    private int proposed;
    private int kept;
    private int audited;
    private int auditedRounds;
    private int hits;
    private int unpredicted;
    private final List<double[]> predictedVsMeasured = new ArrayList<>();

    void round(int proposals, int keptCount, int auditCount, boolean audit, boolean keptTheBest) {
        rounds++;
        proposed += proposals;
        kept += keptCount;
        audited += auditCount;
        if (audit) {
            auditedRounds++;
            hits += keptTheBest ? 1 : 0;
        }
    }

    /**
     * A measured candidate's predicted and measured LAT(m). One the predictor refused (NaN: kept only
     * because its round had fewer predictable proposals than K) has nothing to compare: it is counted,
     * as {@link #unpredicted()}, and left out of the pairs, whose figures it would make NaN.
     */
    void compared(double predictedMs, double measuredMs) {
        if (!(predictedMs > 0 && Double.isFinite(predictedMs))) {
            unpredicted++;
            return;
        }
        predictedVsMeasured.add(new double[] {predictedMs, measuredMs});
    }

    public int rounds() {
        return rounds;
    }

    public int proposed() {
        return proposed;
    }

    public int kept() {
        return kept;
    }

    public int audited() {
        return audited;
    }

    /** Rounds in which at least one screened-out candidate was measured. */
    public int auditedRounds() {
        return auditedRounds;
    }

    /** Audited rounds whose best measured candidate was a kept one. */
    public int hits() {
        return hits;
    }

    /** Measured candidates (kept and audited) without a prediction, left out of the predicted-vs-measured pairs. */
    public int unpredicted() {
        return unpredicted;
    }

    /**
     * Predicted LAT(m) of every measured candidate (kept and audited) that had a prediction, aligned
     * with {@link #measuredMs()}.
     */
    public double[] predictedMs() {
        return predictedVsMeasured.stream().mapToDouble(pair -> pair[0]).toArray();
    }

    public double[] measuredMs() {
        return predictedVsMeasured.stream().mapToDouble(pair -> pair[1]).toArray();
    }
}
