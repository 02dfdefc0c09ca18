package dev.latm.cli.search;

/**
 * The MnasNet reward, Tan et al. 2019: R(m) = ACC(m) * [LAT(m) / T]^w with w = alpha when
 * LAT(m) <= T and w = beta otherwise. alpha = beta = -0.07 is the paper's soft constraint (a
 * network twice as fast as another may be about 5% less accurate at equal reward); alpha = 0,
 * beta = -1 is its hard constraint.
 *
 * @param targetMs T, the target latency in milliseconds
 * @param alpha    exponent when the target is met
 * @param beta     exponent when it is missed
 */
public record Reward(double targetMs, double alpha, double beta) {

    /** The paper's soft-constraint exponents. */
    public static final double MNASNET_EXPONENT = -0.07;

    public Reward {
        if (!(targetMs > 0) || Double.isInfinite(targetMs)) {
            throw new IllegalArgumentException("the target latency must be > 0 ms (got " + targetMs + ")");
        }
        if (!Double.isFinite(alpha) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("alpha and beta must be finite (got " + alpha + ", " + beta + ")");
        }
    }

    /** R(m) for accuracy {@code accuracy} in [0, 1] at latency {@code latencyMs}. */
    public double of(double accuracy, double latencyMs) {
        if (!(latencyMs > 0)) {
            throw new IllegalArgumentException("latency must be > 0 ms (got " + latencyMs + ")");
        }
        double w = latencyMs <= targetMs ? alpha : beta;
        return accuracy * Math.pow(latencyMs / targetMs, w);
    }
}
