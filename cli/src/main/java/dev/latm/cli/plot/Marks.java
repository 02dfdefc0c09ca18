package dev.latm.cli.plot;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/** Draws a panel's series and references (and their legend swatches) through its projection. */
final class Marks {
    static final double MARKER_RADIUS = 3;
    /** Fill opacity of shaded ranges and bands: pale enough to read the data and grid through. */
    static final double SHADE_ALPHA = 0.15;
    /** Share of a category's width its bars take together. */
    private static final double BAR_GROUP = 0.8;
    /** Sample points along a reference line or band when an axis is logarithmic (where it curves). */
    private static final int CURVE_SAMPLES = 256;
    private static final Stroke SERIES_LINE = new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {6f, 4f}, 0f);

    private final Projection projection;

    Marks(Projection projection) {
        this.projection = projection;
    }

    /** Shaded ranges and bands: under everything else. */
    void regions(Graphics2D g, List<Reference> references) {
        Rectangle area = projection.area();
        for (Reference r : references) {
            if (r instanceof Reference.Span span) {
                g.setColor(span.colour().translucent(SHADE_ALPHA));
                double from = projection.px(span.from());
                g.fill(new Rectangle2D.Double(from, area.y, projection.px(span.to()) - from, area.height));
            } else if (r instanceof Reference.Band band) {
                g.setColor(band.colour().translucent(SHADE_ALPHA));
                g.fill(band(band));
            }
        }
    }

    /** Lines and vertical markers: dashed, over the data. */
    void lines(Graphics2D g, List<Reference> references) {
        Rectangle area = projection.area();
        g.setStroke(DASHED);
        for (Reference r : references) {
            g.setColor(r.colour().color());
            if (r instanceof Reference.Line line) {
                g.draw(curve(line.slope(), line.intercept()));
            } else if (r instanceof Reference.Verticals verticals) {
                for (double x : verticals.xs()) {
                    double px = projection.px(x);
                    g.draw(new Line2D.Double(px, area.y, px, area.y + area.height));
                }
            }
        }
    }

    /** Series {@code index} of {@code panel}, in its colour. */
    void series(Graphics2D g, Panel panel, int index) {
        Series s = panel.series().get(index);
        g.setColor(panel.colour(index).color());
        g.setStroke(SERIES_LINE);
        switch (s.kind()) {
            case POINTS -> {
                for (int i = 0; i < s.size(); i++) {
                    g.fill(marker(projection.px(s.xs().get(i)), projection.py(s.ys().get(i))));
                }
            }
            case LINE, STEPS -> g.draw(path(s));
            case BARS -> bars(g, panel, index);
        }
    }

    /** A legend sample of {@code width} pixels starting at {@code left}, centred on {@code centreY}. */
    void swatch(Graphics2D g, Legend.Entry entry, double left, double centreY, int width) {
        g.setColor(entry.colour().color());
        switch (entry.swatch()) {
            case MARKER -> g.fill(marker(left + width / 2.0, centreY));
            case LINE, DASHED -> {
                g.setStroke(entry.swatch() == Legend.Swatch.LINE ? SERIES_LINE : DASHED);
                g.draw(new Line2D.Double(left, centreY, left + width, centreY));
            }
            case BLOCK -> g.fill(new Rectangle2D.Double(left + 4, centreY - 5, width - 8, 10));
            case SHADE -> {
                g.setColor(entry.colour().translucent(SHADE_ALPHA * 2));
                g.fill(new Rectangle2D.Double(left, centreY - 5, width, 10));
            }
        }
    }

    private static Ellipse2D marker(double px, double py) {
        return new Ellipse2D.Double(px - MARKER_RADIUS, py - MARKER_RADIUS, 2 * MARKER_RADIUS, 2 * MARKER_RADIUS);
    }

    private Path2D path(Series s) {
        Path2D path = new Path2D.Double();
        path.moveTo(projection.px(s.xs().get(0)), projection.py(s.ys().get(0)));
        for (int i = 1; i < s.size(); i++) {
            double px = projection.px(s.xs().get(i));
            if (s.kind() == Series.Kind.STEPS) {
                path.lineTo(px, projection.py(s.ys().get(i - 1)));
            }
            path.lineTo(px, projection.py(s.ys().get(i)));
        }
        return path;
    }

    /** The panel's bar series side by side within each category, from y = 0 (or the bottom edge). */
    private void bars(Graphics2D g, Panel panel, int index) {
        Series s = panel.series().get(index);
        double width = BAR_GROUP / panel.series().size();
        double offset = -BAR_GROUP / 2 + index * width;
        double base = projection.py(Math.max(0, projection.y().min()));
        for (int i = 0; i < s.size(); i++) {
            double left = projection.px(i + offset);
            double right = projection.px(i + offset + width);
            double top = projection.py(s.ys().get(i));
            // one pixel between neighbouring bars keeps them apart
            g.fill(new Rectangle2D.Double(left, Math.min(top, base), Math.max(1, right - left - 1),
                    Math.abs(base - top)));
        }
    }

    /** y = slope·x + intercept across the plot area; sampled where a log axis bends it. */
    private Path2D curve(double slope, double intercept) {
        Path2D path = new Path2D.Double();
        boolean drawing = false;
        for (double px : columns()) {
            double y = slope * projection.dataX(px) + intercept;
            if (projection.yLog() && y <= 0) {
                drawing = false;
                continue;
            }
            if (drawing) {
                path.lineTo(px, projection.py(y));
            } else {
                path.moveTo(px, projection.py(y));
                drawing = true;
            }
        }
        return path;
    }

    /** The region between y = low·x and y = high·x, where both can be drawn. */
    private Path2D band(Reference.Band band) {
        double[] columns = columns();
        Path2D path = new Path2D.Double();
        boolean started = false;
        for (double px : columns) {
            double x = projection.dataX(px);
            if (drawable(band.low() * x) && drawable(band.high() * x)) {
                if (started) {
                    path.lineTo(px, projection.py(band.low() * x));
                } else {
                    path.moveTo(px, projection.py(band.low() * x));
                    started = true;
                }
            }
        }
        for (int i = columns.length - 1; i >= 0; i--) {
            double x = projection.dataX(columns[i]);
            if (drawable(band.low() * x) && drawable(band.high() * x)) {
                path.lineTo(columns[i], projection.py(band.high() * x));
            }
        }
        if (started) {
            path.closePath();
        }
        return path;
    }

    private boolean drawable(double y) {
        return !projection.yLog() || y > 0;
    }

    /** Pixel columns to evaluate lines at: both edges, or many between them on log axes. */
    private double[] columns() {
        Rectangle area = projection.area();
        int samples = projection.xLog() || projection.yLog() ? CURVE_SAMPLES : 1;
        double[] columns = new double[samples + 1];
        for (int i = 0; i <= samples; i++) {
            columns[i] = area.x + area.width * (double) i / samples;
        }
        return columns;
    }
}
