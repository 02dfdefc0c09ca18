package dev.latm.model.predict;

/**
 * Kendall's tau-b, the rank agreement a search cares about: whether two sets of latencies order the same
 * networks the same way. Public for the benchmarks that compare two measurement passes.
 */
public final class KendallTau {
    private KendallTau() {
    }

    /**
     * Concordant minus discordant pairs over the geometric mean of the untied pair counts, O(n^2).
     *
     * @return in [-1, 1]; NaN when undefined (fewer than two values, or every pair tied in {@code a} or in
     *         {@code b}), which each caller reads in its own terms
     */
    public static double tauB(double[] a, double[] b) {
        long concordant = 0;
        long discordant = 0;
        long tiedA = 0;
        long tiedB = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                double da = Math.signum(a[i] - a[j]);
                double db = Math.signum(b[i] - b[j]);
                if (da == 0 && db == 0) {
                    continue;
                }
                if (da == 0) {
                    tiedA++;
                } else if (db == 0) {
                    tiedB++;
                } else if (da == db) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiedA)
                * (concordant + discordant + tiedB));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }
}
