package dev.latm.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out and draws one panel in its cell of the figure: title on top, legend at the bottom, tick
 * labels and axis labels around the plot area, and in the plot area (clipped to it) the shaded
 * regions, the grid, the series and the reference lines, in that order.
 */
final class PanelRenderer {
    private static final int MARGIN = 10;
    private static final int TICK = 4;
    private static final int PAD = 6;
    /** Room right of the plot, for half of the last x tick label. */
    private static final int RIGHT = 18;
    /** Fewest pixels a plot area may have either way before the panel is refused as too small. */
    private static final int MIN_AREA = 40;
    static final Color INK = new Color(0x222222);
    private static final Color FRAME = new Color(0x444444);
    private static final Color GRID = new Color(0xE6E6E6);

    private final Panel panel;
    private final Text text;

    PanelRenderer(Panel panel, Text text) {
        this.panel = panel;
        this.text = text;
    }

    /** Draws the panel inside {@code cell}; returns how it mapped data to pixels. */
    Projection draw(Graphics2D g, Rectangle cell) {
        PanelRanges ranges = PanelRanges.of(panel);
        Legend legend = new Legend(panel, text);
        int line = text.height(g, Text.BODY);
        int titleHeight = panel.title().isEmpty() ? 0 : text.height(g, Text.TITLE) + PAD;
        int legendHeight = legend.height(g, cell.width - 2 * MARGIN);
        int xLabelHeight = panel.x().label().isEmpty() ? 0 : line + PAD / 2;
        int top = cell.y + MARGIN + titleHeight;
        int bottom = cell.y + cell.height - MARGIN - legendHeight - (legendHeight > 0 ? PAD : 0) - xLabelHeight
                - line - TICK - PAD / 2;
        List<Double> yTicks = yTicks(ranges.y(), bottom - top, line);
        List<String> yLabels = Ticks.labels(yTicks, panel.y().isLog());
        int tickLabelWidth = yLabels.stream().mapToInt(label -> text.width(g, Text.BODY, label)).max().orElse(0);
        int yLabelWidth = panel.y().label().isEmpty() ? 0 : line + PAD / 2;
        int left = cell.x + MARGIN + yLabelWidth + tickLabelWidth + TICK + PAD / 2;
        Rectangle area = new Rectangle(left, top, cell.x + cell.width - RIGHT - left, bottom - top);
        if (area.width < MIN_AREA || area.height < MIN_AREA) {
            throw new IllegalArgumentException("panel '" + panel.title() + "': no room left for the plot in "
                    + cell.width + "x" + cell.height + " pixels; make the panels larger or the labels shorter");
        }
        Projection projection = new Projection(area, ranges.x(), panel.x().isLog(), ranges.y(), panel.y().isLog());
        List<Double> xTicks = panel.isBars() ? List.of() : xTicks(g, ranges.x(), projection);

        Marks marks = new Marks(projection);
        Shape clip = g.getClip();
        g.clip(area);
        // data where it falls, not snapped to pixel centres: sampled curves stay smooth
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        marks.regions(g, panel.references());
        grid(g, projection, xTicks, yTicks);
        for (int i = 0; i < panel.series().size(); i++) {
            marks.series(g, panel, i);
        }
        marks.lines(g, panel.references());
        g.setClip(clip);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_NORMALIZE);

        axes(g, projection, xTicks, yTicks, line);
        double centreX = area.getCenterX();
        if (!panel.title().isEmpty()) {
            g.setColor(INK);
            // over the plot, but never past the cell's edges: a long title is shortened, not cut off
            String title = text.fit(g, Text.TITLE, panel.title(), cell.width - 2 * MARGIN);
            double half = text.width(g, Text.TITLE, title) / 2.0;
            double titleX = Math.max(cell.x + MARGIN + half, Math.min(centreX, cell.x + cell.width - MARGIN - half));
            text.centred(g, Text.TITLE, title, titleX, cell.y + MARGIN);
        }
        if (!panel.x().label().isEmpty()) {
            text.centred(g, Text.BODY, panel.x().label(), centreX, bottom + TICK + PAD / 2 + line + PAD / 2);
        }
        if (!panel.y().label().isEmpty()) {
            text.vertical(g, Text.BODY, panel.y().label(), cell.x + MARGIN + line / 2.0, area.getCenterY());
        }
        legend.draw(g, marks, cell.x + MARGIN, cell.y + cell.height - MARGIN - legendHeight, cell.width - 2 * MARGIN);
        return projection;
    }

    private void grid(Graphics2D g, Projection projection, List<Double> xTicks, List<Double> yTicks) {
        Rectangle area = projection.area();
        g.setColor(GRID);
        g.setStroke(new BasicStroke(1f));
        for (double x : xTicks) {
            double px = projection.px(x);
            g.draw(new Line2D.Double(px, area.y, px, area.y + area.height));
        }
        for (double y : yTicks) {
            double py = projection.py(y);
            g.draw(new Line2D.Double(area.x, py, area.x + area.width, py));
        }
    }

    /** The frame, tick marks and tick labels (category names under a bar panel). */
    private void axes(Graphics2D g, Projection projection, List<Double> xTicks, List<Double> yTicks, int line) {
        Rectangle area = projection.area();
        int bottom = area.y + area.height;
        g.setStroke(new BasicStroke(1f));
        g.setColor(FRAME);
        g.draw(area);
        List<String> xLabels = Ticks.labels(xTicks, panel.x().isLog());
        for (int i = 0; i < xTicks.size(); i++) {
            double px = projection.px(xTicks.get(i));
            g.setColor(FRAME);
            g.draw(new Line2D.Double(px, bottom, px, bottom + TICK));
            g.setColor(INK);
            text.centred(g, Text.BODY, xLabels.get(i), px, bottom + TICK + PAD / 2.0);
        }
        List<String> yLabels = Ticks.labels(yTicks, panel.y().isLog());
        for (int i = 0; i < yTicks.size(); i++) {
            double py = projection.py(yTicks.get(i));
            g.setColor(FRAME);
            g.draw(new Line2D.Double(area.x - TICK, py, area.x, py));
            g.setColor(INK);
            text.right(g, Text.BODY, yLabels.get(i), area.x - TICK - PAD / 2.0, py);
        }
        g.setColor(INK);
        List<String> categories = panel.categories();
        int slot = categories.isEmpty() ? 0 : area.width / categories.size();
        for (int i = 0; i < categories.size(); i++) {
            text.centred(g, Text.BODY, text.fit(g, Text.BODY, categories.get(i), slot - PAD), projection.px(i),
                    bottom + TICK + PAD / 2.0);
        }
    }

    /** As many y ticks as fit one label per line of text, and about one per 40 pixels. */
    private List<Double> yTicks(Range range, int height, int line) {
        for (int target = Math.max(2, height / 40); ; target--) {
            List<Double> ticks = ticks(panel.y(), range, target);
            double spacing = ticks.size() < 2 ? height : minSpacing(ticks, range, height, panel.y().isLog());
            if (target == 2 || spacing >= line + 4) {
                return ticks;
            }
        }
    }

    /** As many x ticks as fit their labels side by side, and about one per 70 pixels. */
    private List<Double> xTicks(Graphics2D g, Range range, Projection projection) {
        for (int target = Math.max(2, projection.area().width / 70); ; target--) {
            List<Double> ticks = ticks(panel.x(), range, target);
            if (target == 2 || labelsFit(g, ticks, projection)) {
                return ticks;
            }
        }
    }

    private boolean labelsFit(Graphics2D g, List<Double> ticks, Projection projection) {
        List<String> labels = Ticks.labels(ticks, panel.x().isLog());
        for (int i = 1; i < ticks.size(); i++) {
            double room = projection.px(ticks.get(i)) - projection.px(ticks.get(i - 1));
            double needed = (text.width(g, Text.BODY, labels.get(i - 1)) + text.width(g, Text.BODY, labels.get(i)))
                    / 2.0 + 2 * PAD;
            if (room < needed) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> ticks(Axis axis, Range range, int target) {
        return axis.isLog() ? Ticks.log(range, target) : Ticks.linear(range, target);
    }

    /** The smallest pixel distance between neighbouring ticks along an axis {@code length} pixels long. */
    private static double minSpacing(List<Double> ticks, Range range, int length, boolean log) {
        Projection along = new Projection(new Rectangle(0, 0, length, length), range, log, range, log);
        List<Double> positions = new ArrayList<>();
        ticks.forEach(t -> positions.add(along.px(t)));
        double min = Double.MAX_VALUE;
        for (int i = 1; i < positions.size(); i++) {
            min = Math.min(min, positions.get(i) - positions.get(i - 1));
        }
        return min;
    }
}
