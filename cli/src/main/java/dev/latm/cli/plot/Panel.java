package dev.latm.cli.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One chart: a title, two axes, the data series and the references drawn with them. Immutable:
 * {@code with(...)} returns a new panel, and every panel is checked whole when it is made, so bad
 * input fails where it is given, with the series and the index it is about.
 *
 * <p>A bar panel ({@link #bars}) has named categories along x, one group of bars per category; every
 * series on it must be bars with one height per category. Other panels take any series but bars.
 *
 * @param title      shown above the chart; may be empty
 * @param x          the horizontal axis
 * @param y          the vertical axis
 * @param categories the x categories of a bar panel; empty for any other panel
 * @param series     the data, drawn in order (later series on top)
 * @param references lines, bands and shaded ranges drawn with the data
 * @param equalAxes  whether x and y show the same range (the union of both), so y = x is the diagonal
 */
public record Panel(String title, Axis x, Axis y, List<String> categories, List<Series> series,
        List<Reference> references, boolean equalAxes) {

    public Panel {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        references = List.copyOf(references);
        if (equalAxes && x.scale() != y.scale()) {
            throw new IllegalArgumentException("panel '" + title + "': equal axes need the same scale on x and y (got "
                    + x.scale() + " and " + y.scale() + ")");
        }
        if (!categories.isEmpty() && (x.isLog() || y.isLog() || equalAxes || x.fixed() != null)) {
            throw new IllegalArgumentException("bar panel '" + title + "': bars need a linear y axis starting at 0 "
                    + "and categories along x (no log axis, fixed x range or equal axes)");
        }
        for (Series s : series) {
            checkSeries(title, categories, x, y, s);
        }
        for (Reference r : references) {
            checkReference(x, y, r);
        }
    }

    /** An empty chart with these axes; add data with {@link #with(Series)}. */
    public static Panel of(String title, Axis x, Axis y) {
        return new Panel(title, x, y, List.of(), List.of(), List.of(), false);
    }

    /** An empty grouped bar chart: one group per category, one bar per {@link Series#bars} series. */
    public static Panel bars(String title, List<String> categories, Axis y) {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("bar panel '" + title + "': no categories given");
        }
        return new Panel(title, Axis.linear(""), y, categories, List.of(), List.of(), false);
    }

    /** This panel with {@code s} drawn over its other series. */
    public Panel with(Series s) {
        List<Series> more = new ArrayList<>(series);
        more.add(Objects.requireNonNull(s, "series"));
        return new Panel(title, x, y, categories, more, references, equalAxes);
    }

    /** This panel with the reference {@code r} added. */
    public Panel with(Reference r) {
        List<Reference> more = new ArrayList<>(references);
        more.add(Objects.requireNonNull(r, "reference"));
        return new Panel(title, x, y, categories, series, more, equalAxes);
    }

    /** This panel with x and y showing the same range, for y = x comparisons. */
    public Panel withEqualAxes() {
        return new Panel(title, x, y, categories, series, references, true);
    }

    boolean isBars() {
        return !categories.isEmpty();
    }

    /** The colour series {@code index} is drawn in: its own, or the next of the palette. */
    Palette colour(int index) {
        Series s = series.get(index);
        if (s.colour() != null) {
            return s.colour();
        }
        int automatic = 0;
        for (int i = 0; i < index; i++) {
            automatic += series.get(i).colour() == null ? 1 : 0;
        }
        return Palette.series(automatic);
    }

    private static void checkSeries(String title, List<String> categories, Axis x, Axis y, Series s) {
        boolean bars = s.kind() == Series.Kind.BARS;
        if (bars && categories.isEmpty()) {
            throw new IllegalArgumentException(Series.name(s.label()) + " is bars: add it to a bar panel (Panel.bars)");
        }
        if (!categories.isEmpty() && !bars) {
            throw new IllegalArgumentException("bar panel '" + title + "' takes only bars (" + Series.name(s.label())
                    + " is " + s.kind() + ")");
        }
        if (bars && s.size() != categories.size()) {
            throw new IllegalArgumentException(Series.name(s.label()) + ": " + s.size() + " bar heights for "
                    + categories.size() + " categories " + categories);
        }
        for (int i = 0; i < s.size(); i++) {
            positive(x, Series.name(s.label()), "x[" + i + "]", s.xs().get(i));
            positive(y, Series.name(s.label()), "y[" + i + "]", s.ys().get(i));
        }
    }

    private static void checkReference(Axis x, Axis y, Reference r) {
        String name = "reference '" + r.label() + "'";
        if (r instanceof Reference.Line line && line.slope() == 0) {
            positive(y, name, "y", line.intercept());
        } else if (r instanceof Reference.Verticals verticals) {
            for (int i = 0; i < verticals.xs().size(); i++) {
                positive(x, name, "x[" + i + "]", verticals.xs().get(i));
            }
        } else if (r instanceof Reference.Span span) {
            positive(x, name, "from", span.from());
        } else if (r instanceof Reference.Band band) {
            positive(y, name, "low", band.low());
        }
    }

    /** A value on a log axis must be above 0. */
    private static void positive(Axis axis, String what, String coordinate, double value) {
        if (axis.isLog() && value <= 0) {
            throw new IllegalArgumentException(what + ": " + coordinate + " = " + value
                    + " cannot be drawn on the log axis '" + axis.label() + "' (values must be > 0)");
        }
    }
}
