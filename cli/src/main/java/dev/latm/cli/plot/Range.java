package dev.latm.cli.plot;

/**
 * An interval of data values, {@code min < max}, both finite.
 *
 * @param min the lower end
 * @param max the upper end
 */
public record Range(double min, double max) {

    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("a range needs finite min < max (got [" + min + ", " + max + "])");
        }
    }

    /** The smallest range holding this one and {@code other}. */
    Range union(Range other) {
        return new Range(Math.min(min, other.min), Math.max(max, other.max));
    }
}
