package dev.latm.model.predict;

/**
 * Weighted ridge least squares with optional non-negativity, accumulated row by row: the one solver
 * every learner here fits with (unit cost coefficients, tree leaf values).
 *
 * <p>Solved by cyclic coordinate descent on the normal equations, which makes the non-negativity of
 * unit costs a clamp per coordinate. The ridge is relative to each column's scale ({@code ridge *
 * G[j][j]}), so one value suits columns counted in MACs and columns counted in units alike.
 */
final class LeastSquares {
    private static final int MAX_SWEEPS = 20_000;
    private static final double TOLERANCE = 1e-10;

    private final double[][] gram;
    private final double[] rhs;

    LeastSquares(int columns) {
        gram = new double[columns][columns];
        rhs = new double[columns];
    }

    /** Adds the row {@code x . beta ~ y} with weight {@code w}. */
    void add(double[] x, double y, double w) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) {
                continue;
            }
            double wx = w * x[i];
            rhs[i] += wx * y;
            double[] row = gram[i];
            for (int j = 0; j < x.length; j++) {
                row[j] += wx * x[j];
            }
        }
    }

    /** {@link #solve(double, double, boolean[], boolean[])} without an absolute ridge. */
    double[] solve(double ridge, boolean[] penalised, boolean[] nonNegative) {
        return solve(ridge, 0, penalised, nonNegative);
    }

    /**
     * @param ridge         relative ridge penalty per penalised column
     * @param absoluteRidge ridge added as is to each penalised column: a prior that keeps a column
     *                      that barely any row touches near 0 instead of fitting its noise
     * @param penalised     which columns the ridges apply to (an intercept usually is not)
     * @param nonNegative   which columns must come out >= 0
     * @return the coefficients; a column no row touched gets 0
     */
    double[] solve(double ridge, double absoluteRidge, boolean[] penalised, boolean[] nonNegative) {
        int n = rhs.length;
        double[] beta = new double[n];
        double[] diagonal = new double[n];
        double scale = 0;
        for (int j = 0; j < n; j++) {
            diagonal[j] = penalised[j] && gram[j][j] > 0 ? gram[j][j] * (1 + ridge) + absoluteRidge : gram[j][j];
            scale = Math.max(scale, Math.abs(rhs[j]) / Math.sqrt(Math.max(gram[j][j], Double.MIN_NORMAL)));
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double largestStep = 0;
            for (int j = 0; j < n; j++) {
                if (diagonal[j] <= 0) {
                    continue;
                }
                double residual = rhs[j];
                double[] row = gram[j];
                for (int k = 0; k < n; k++) {
                    residual -= row[k] * beta[k];
                }
                residual -= (diagonal[j] - gram[j][j]) * beta[j]; // the ridge's own gradient
                double updated = beta[j] + residual / diagonal[j];
                if (nonNegative[j] && updated < 0) {
                    updated = 0;
                }
                // the step measured in the column's own scale, so convergence is judged alike for all
                largestStep = Math.max(largestStep, Math.abs(updated - beta[j]) * Math.sqrt(gram[j][j]));
                beta[j] = updated;
            }
            if (largestStep <= TOLERANCE * Math.max(scale, Double.MIN_NORMAL)) {
                break;
            }
        }
        return beta;
    }
}
