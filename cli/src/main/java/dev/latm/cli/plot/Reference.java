package dev.latm.cli.plot;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Something drawn with the data to read it against: a straight line (y = x, a target, a median),
 * vertical markers (changepoints), a band around a line through the origin (within ±10%), or a
 * shaded x-range (the warm-up and timed phases). Lines are dashed; regions are pale fills under the
 * data. A reference with a non-empty label gets a legend entry. Horizontal lines, markers and
 * shaded ranges count towards the fitted axis ranges; sloped lines and bands do not (they span
 * whatever the data spans).
 */
public sealed interface Reference {

    /** The legend's text; empty for none. */
    String label();

    /** The colour it is drawn in. */
    Palette colour();

    /** The line y = x, grey, labelled "y = x". */
    static Line identity() {
        return new Line("y = x", 1, 0, Palette.GREY);
    }

    /** The line y = slope·x + intercept, grey. */
    static Line line(String label, double slope, double intercept) {
        return new Line(label, slope, intercept, Palette.GREY);
    }

    /** The horizontal line at {@code y}, grey. */
    static Line horizontal(String label, double y) {
        return new Line(label, 0, y, Palette.GREY);
    }

    /** Vertical lines at each of {@code xs}, grey, under one legend entry. */
    static Verticals vertical(String label, double... xs) {
        return new Verticals(label, Arrays.stream(xs).boxed().toList(), Palette.GREY);
    }

    /** The region between y = low·x and y = high·x, grey: {@code band("±10%", 0.9, 1.1)}. */
    static Band band(String label, double low, double high) {
        return new Band(label, low, high, Palette.GREY);
    }

    /** The x-range [from, to] shaded over the panel's whole height. */
    static Span span(String label, double from, double to, Palette colour) {
        return new Span(label, from, to, colour);
    }

    /** y = slope·x + intercept, across the whole panel. */
    record Line(String label, double slope, double intercept, Palette colour) implements Reference {
        public Line {
            check(label, colour);
            finite(label, "slope", slope);
            finite(label, "intercept", intercept);
        }

        public Line withColour(Palette colour) {
            return new Line(label, slope, intercept, colour);
        }
    }

    /** Vertical lines at each x, across the panel's whole height. */
    record Verticals(String label, List<Double> xs, Palette colour) implements Reference {
        public Verticals {
            check(label, colour);
            xs = List.copyOf(Objects.requireNonNull(xs, "xs"));
            if (xs.isEmpty()) {
                throw new IllegalArgumentException("vertical lines '" + label + "': no x given");
            }
            for (int i = 0; i < xs.size(); i++) {
                finite(label, "x[" + i + "]", xs.get(i));
            }
        }

        public Verticals withColour(Palette colour) {
            return new Verticals(label, xs, colour);
        }
    }

    /** The region between y = low·x and y = high·x. */
    record Band(String label, double low, double high, Palette colour) implements Reference {
        public Band {
            check(label, colour);
            ordered("band", label, "low", low, "high", high);
        }

        public Band withColour(Palette colour) {
            return new Band(label, low, high, colour);
        }
    }

    /** The x-range [from, to], shaded over the panel's whole height. */
    record Span(String label, double from, double to, Palette colour) implements Reference {
        public Span {
            check(label, colour);
            ordered("shaded range", label, "from", from, "to", to);
        }
    }

    private static void check(String label, Palette colour) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(colour, "colour");
    }

    /** Both ends finite, the first below the second. */
    private static void ordered(String kind, String label, String lowName, double low, String highName, double high) {
        finite(label, lowName, low);
        finite(label, highName, high);
        if (!(low < high)) {
            throw new IllegalArgumentException(kind + " '" + label + "': " + lowName + " must be below " + highName
                    + " (got " + low + " and " + high + ")");
        }
    }

    private static void finite(String label, String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("reference '" + label + "': " + what + " is " + value
                    + "; it must be finite");
        }
    }
}
