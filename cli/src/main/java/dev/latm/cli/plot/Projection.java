package dev.latm.cli.plot;

import java.awt.Rectangle;

/**
 * Maps data coordinates to pixels inside a panel's plot area: {@code x.min()} to the area's left
 * edge, {@code x.max()} to its right edge, {@code y.min()} to its bottom and {@code y.max()} to its
 * top, linearly or, on a log axis, linearly in log10 of the value.
 *
 * @param area   the plot area, in image pixels
 * @param x      the horizontal range shown
 * @param xLog   whether x is logarithmic
 * @param y      the vertical range shown
 * @param yLog   whether y is logarithmic
 */
record Projection(Rectangle area, Range x, boolean xLog, Range y, boolean yLog) {

    double px(double value) {
        return area.x + area.width * fraction(value, x, xLog);
    }

    double py(double value) {
        return area.y + area.height * (1 - fraction(value, y, yLog));
    }

    /** The x value drawn at pixel column {@code px}: the inverse of {@link #px}. */
    double dataX(double px) {
        double fraction = (px - area.x) / area.width;
        if (xLog) {
            double low = Math.log10(x.min());
            return Math.pow(10, low + fraction * (Math.log10(x.max()) - low));
        }
        return x.min() + fraction * (x.max() - x.min());
    }

    private static double fraction(double value, Range range, boolean log) {
        if (log) {
            double low = Math.log10(range.min());
            return (Math.log10(value) - low) / (Math.log10(range.max()) - low);
        }
        return (value - range.min()) / (range.max() - range.min());
    }
}
