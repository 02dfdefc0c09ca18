package dev.latm.cli.plot;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One set of data drawn in one colour: points, a line, a step line or bars.
 *
 * <p>Every value must be finite: a NaN or an infinite value is refused (with its index), never
 * dropped, so a chart never quietly shows less than it was given; leave out missing values before
 * plotting, and say so in the label if it matters ({@code "trials (3 failed, not shown)"}).
 *
 * @param label  the legend's text; empty to leave the series out of the legend
 * @param kind   how the points are drawn
 * @param xs     x values (for bars: the category index 0, 1, ...)
 * @param ys     y values, as many as {@code xs}
 * @param colour the colour, or {@code null} for the panel's next one ({@link Palette#SERIES})
 */
public record Series(String label, Kind kind, List<Double> xs, List<Double> ys, Palette colour) {

    /** How a series is drawn. */
    public enum Kind {
        /** A marker at each point. */
        POINTS,
        /** Straight segments joining the points in the order given. */
        LINE,
        /** Holds each y until the next x, then jumps ("steps-post"); x must not decrease. */
        STEPS,
        /** One bar per category from 0 to y, side by side with the panel's other bar series. */
        BARS
    }

    public Series {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        xs = finite(label, "x", xs);
        ys = finite(label, "y", ys);
        if (xs.size() != ys.size()) {
            throw new IllegalArgumentException(name(label) + ": " + xs.size() + " x values but " + ys.size()
                    + " y values; every point needs both");
        }
        if (xs.isEmpty()) {
            throw new IllegalArgumentException(name(label) + " is empty; a series needs at least one point");
        }
        if (kind == Kind.STEPS) {
            for (int i = 1; i < xs.size(); i++) {
                if (xs.get(i) < xs.get(i - 1)) {
                    throw new IllegalArgumentException(name(label) + ": a step line's x must not decrease (x[" + i
                            + "] = " + xs.get(i) + " after x[" + (i - 1) + "] = " + xs.get(i - 1) + "); sort it by x");
                }
            }
        }
    }

    /** A marker at each (xs[i], ys[i]). */
    public static Series points(String label, double[] xs, double[] ys) {
        return new Series(label, Kind.POINTS, list(xs), list(ys), null);
    }

    /** Segments joining (xs[i], ys[i]) in order. */
    public static Series line(String label, double[] xs, double[] ys) {
        return new Series(label, Kind.LINE, list(xs), list(ys), null);
    }

    /** A step line through (xs[i], ys[i]), xs not decreasing: a Pareto front, a running best. */
    public static Series steps(String label, double[] xs, double[] ys) {
        return new Series(label, Kind.STEPS, list(xs), list(ys), null);
    }

    /** Bar heights, one per category of a bar panel ({@link Panel#bars}), in the categories' order. */
    public static Series bars(String label, double... heights) {
        double[] categories = new double[heights.length];
        Arrays.setAll(categories, i -> i);
        return new Series(label, Kind.BARS, list(categories), list(heights), null);
    }

    /** This series in {@code colour} instead of the panel's next one. */
    public Series withColour(Palette colour) {
        return new Series(label, kind, xs, ys, Objects.requireNonNull(colour, "colour"));
    }

    int size() {
        return xs.size();
    }

    /** How error messages name a series. */
    static String name(String label) {
        return label.isEmpty() ? "an unlabelled series" : "series '" + label + "'";
    }

    private static List<Double> finite(String label, String axis, List<Double> values) {
        Objects.requireNonNull(values, axis + " values");
        for (int i = 0; i < values.size(); i++) {
            Double value = values.get(i);
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException(name(label) + ": " + axis + "[" + i + "] is " + value
                        + "; every value must be finite (leave missing points out before plotting)");
            }
        }
        return List.copyOf(values);
    }

    private static List<Double> list(double[] values) {
        return Arrays.stream(Objects.requireNonNull(values, "values")).boxed().toList();
    }
}
