package dev.latm.cli.plot;

import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A panel's legend: one entry per labelled series and reference, in the order added, laid out in
 * rows under the chart, so it never covers data.
 */
final class Legend {
    private static final int SWATCH = 22;
    private static final int GAP = 6;
    private static final int SPACING = 16;
    private static final int ROW_GAP = 4;

    /** How an entry's sample looks. */
    enum Swatch { MARKER, LINE, DASHED, BLOCK, SHADE }

    record Entry(String label, Swatch swatch, Palette colour) {
    }

    private final List<Entry> entries;
    private final Text text;

    Legend(Panel panel, Text text) {
        this.text = text;
        this.entries = new ArrayList<>();
        for (int i = 0; i < panel.series().size(); i++) {
            Series s = panel.series().get(i);
            Swatch swatch = switch (s.kind()) {
                case POINTS -> Swatch.MARKER;
                case LINE, STEPS -> Swatch.LINE;
                case BARS -> Swatch.BLOCK;
            };
            add(s.label(), swatch, panel.colour(i));
        }
        for (Reference r : panel.references()) {
            boolean region = r instanceof Reference.Band || r instanceof Reference.Span;
            add(r.label(), region ? Swatch.SHADE : Swatch.DASHED, r.colour());
        }
    }

    List<Entry> entries() {
        return entries;
    }

    /** The height the legend needs within {@code width} pixels: 0 when it has no entries. */
    int height(Graphics2D g, int width) {
        return rows(g, width).size() * rowHeight(g);
    }

    /** Draws the legend in rows starting at ({@code left}, {@code top}), each row centred in {@code width}. */
    void draw(Graphics2D g, Marks marks, int left, int top, int width) {
        int rowHeight = rowHeight(g);
        int y = top;
        for (List<Entry> row : rows(g, width)) {
            int rowWidth = row.stream().mapToInt(e -> entryWidth(g, e)).sum() - SPACING;
            int x = left + Math.max(0, (width - rowWidth) / 2);
            double centreY = y + rowHeight / 2.0;
            for (Entry entry : row) {
                marks.swatch(g, entry, x, centreY, SWATCH);
                g.setColor(PanelRenderer.INK);
                text.left(g, Text.BODY, entry.label(), x + SWATCH + GAP, centreY);
                x += entryWidth(g, entry);
            }
            y += rowHeight;
        }
    }

    private void add(String label, Swatch swatch, Palette colour) {
        if (!label.isEmpty()) {
            entries.add(new Entry(label, swatch, colour));
        }
    }

    private List<List<Entry>> rows(Graphics2D g, int width) {
        List<List<Entry>> rows = new ArrayList<>();
        List<Entry> row = new ArrayList<>();
        int used = 0;
        for (Entry entry : entries) {
            int needed = entryWidth(g, entry);
            if (!row.isEmpty() && used + needed - SPACING > width) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(entry);
            used += needed;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private int entryWidth(Graphics2D g, Entry entry) {
        return SWATCH + GAP + text.width(g, Text.BODY, entry.label()) + SPACING;
    }

    private int rowHeight(Graphics2D g) {
        return Math.max(12, text.height(g, Text.BODY)) + ROW_GAP;
    }
}
