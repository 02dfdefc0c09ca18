package dev.latm.cli.plot;

/**
 * The ranges a panel's axes show: an axis's fixed range, or its data fitted with 5% to spare on each
 * side (in log space on a log axis). Bars always start from 0, with no gap under them.
 *
 * @param x the horizontal range
 * @param y the vertical range
 */
record PanelRanges(Range x, Range y) {
    private static final double PAD = 0.05;

    static PanelRanges of(Panel panel) {
        Range x = panel.isBars() ? new Range(-0.5, panel.categories().size() - 0.5)
                : fitted(panel.x(), extent(panel, true));
        Range y = fitted(panel.y(), extent(panel, false));
        if (panel.isBars() && panel.y().fixed() == null && y.min() < 0 && extent(panel, false)[0] >= 0) {
            y = new Range(0, y.max());
        }
        if (panel.equalAxes()) {
            Range both = x.union(y);
            return new PanelRanges(both, both);
        }
        return new PanelRanges(x, y);
    }

    /** {min, max} of what the panel draws along one axis, or {NaN, NaN} when nothing fixes it. */
    private static double[] extent(Panel panel, boolean alongX) {
        double[] extent = {Double.NaN, Double.NaN};
        for (Series s : panel.series()) {
            for (double value : alongX ? s.xs() : s.ys()) {
                include(extent, value);
            }
        }
        if (!alongX && panel.isBars()) {
            include(extent, 0);
        }
        for (Reference r : panel.references()) {
            if (alongX && r instanceof Reference.Verticals verticals) {
                verticals.xs().forEach(x -> include(extent, x));
            } else if (alongX && r instanceof Reference.Span span) {
                include(extent, span.from());
                include(extent, span.to());
            } else if (!alongX && r instanceof Reference.Line line && line.slope() == 0) {
                include(extent, line.intercept());
            }
        }
        return extent;
    }

    private static void include(double[] extent, double value) {
        extent[0] = Double.isNaN(extent[0]) ? value : Math.min(extent[0], value);
        extent[1] = Double.isNaN(extent[1]) ? value : Math.max(extent[1], value);
    }

    private static Range fitted(Axis axis, double[] extent) {
        if (axis.fixed() != null) {
            return axis.fixed();
        }
        if (Double.isNaN(extent[0])) {
            return axis.isLog() ? new Range(1, 10) : new Range(0, 1);
        }
        if (axis.isLog()) {
            double low = Math.log10(extent[0]);
            double high = Math.log10(extent[1]);
            // one value: a factor of 2 either side
            double pad = high > low ? PAD * (high - low) : Math.log10(2);
            return new Range(Math.pow(10, low - pad), Math.pow(10, high + pad));
        }
        double low = extent[0];
        double high = extent[1];
        // one value: 10% of it either side, or 1 around 0
        double pad = high > low ? PAD * (high - low) : (low == 0 ? 1 : Math.abs(low) * 0.1);
        return new Range(low - pad, high + pad);
    }
}
