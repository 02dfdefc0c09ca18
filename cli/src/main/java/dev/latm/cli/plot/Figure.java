package dev.latm.cli.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A chart image: one or more {@link Panel}s in a grid (one row by default), written as a PNG.
 *
 * <pre>{@code
 * Figure.of(Panel.of("LAT(m) per run", Axis.linear("run"), Axis.linear("latency (ms)"))
 *         .with(Series.line("timed runs", runs, latencies))
 *         .with(Reference.horizontal("median", median)))
 *     .writePng(Path.of("runs.png"));
 * }</pre>
 *
 * <p>Drawing needs no display: the JVM is put in headless mode before AWT starts (unless the
 * application chose otherwise, by setting {@code java.awt.headless} itself). Output is
 * deterministic: the same figure gives the same bytes on the same JDK and fonts. Where the JDK has
 * no usable font, the figure is drawn without any text and a warning is logged once
 * ({@link #hasText()}).
 *
 * @param panels      the panels, filling the grid row by row
 * @param columns     panels per row
 * @param panelWidth  pixels per panel, across
 * @param panelHeight pixels per panel, down
 */
public record Figure(List<Panel> panels, int columns, int panelWidth, int panelHeight) {
    /** The default panel size: legible at 100% on a laptop screen, and in a two-column document. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 440;
    /** Smallest and largest panel side accepted, in pixels. */
    public static final int MIN_SIDE = 200;
    public static final int MAX_SIDE = 4000;

    static {
        // before any AWT class reads it; an explicit choice by the application stands
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public Figure {
        panels = List.copyOf(panels);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one panel");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("a figure needs at least 1 column (got " + columns + ")");
        }
        side("panelWidth", panelWidth);
        side("panelHeight", panelHeight);
    }

    /** The panels side by side, each {@value #WIDTH}x{@value #HEIGHT} pixels. */
    public static Figure of(Panel... panels) {
        return new Figure(List.of(panels), Math.max(1, panels.length), WIDTH, HEIGHT);
    }

    /** This figure with {@code columns} panels per row. */
    public Figure withColumns(int columns) {
        return new Figure(panels, columns, panelWidth, panelHeight);
    }

    /** This figure with panels of {@code width}x{@code height} pixels. */
    public Figure withPanelSize(int width, int height) {
        return new Figure(panels, columns, width, height);
    }

    /** Whether figures get text in this JVM: false where the JDK has no usable font. */
    public static boolean hasText() {
        return Text.system().enabled();
    }

    /** Writes the figure to {@code file} as a PNG, replacing what was there. */
    public void writePng(Path file) throws IOException {
        Files.write(file, toPng());
    }

    /** The figure as PNG bytes. */
    public byte[] toPng() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        // a memory cache, not ImageIO's default temporary file, and no metadata such as a timestamp
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(toImage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the figure as PNG", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The figure drawn as an image. */
    public BufferedImage toImage() {
        return draw(Text.system(), new ArrayList<>());
    }

    int rows() {
        return (panels.size() + columns - 1) / columns;
    }

    /** Draws with {@code text}; adds each panel's projection to {@code projections} (for tests). */
    BufferedImage draw(Text text, List<Projection> projections) {
        BufferedImage image = new BufferedImage(columns * panelWidth, rows() * panelHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                Rectangle cell = new Rectangle(i % columns * panelWidth, i / columns * panelHeight, panelWidth,
                        panelHeight);
                projections.add(new PanelRenderer(panels.get(i), text).draw(g, cell));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void side(String name, int pixels) {
        if (pixels < MIN_SIDE || pixels > MAX_SIDE) {
            throw new IllegalArgumentException(name + " must be in [" + MIN_SIDE + ", " + MAX_SIDE + "] pixels (got "
                    + pixels + ")");
        }
    }
}
