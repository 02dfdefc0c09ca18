package dev.latm.runtime.timing;

/**
 * A level shift found in a series of timed runs (or of per-pair ratios when anchored).
 *
 * @param run    0-based index, in the timed phase's run order, of the first run after the shift
 * @param shift  relative size: median after over median before, minus 1 (-0.2 = 20% faster after it)
 * @param pValue significance of Pettitt's test that there is a shift at all (small = sure)
 */
public record Changepoint(int run, double shift, double pValue) {
}
