package dev.latm.cli.plot;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the charts' text, or nothing where the JDK cannot render any. A JRE without fonts (a
 * minimal container image) fails on first use of a font: {@code java.lang.Error: Probable fatal
 * error: No physical fonts found} with fontconfig but no font files, {@code UnsatisfiedLinkError}
 * for libfontmanager.so without libfreetype. One probe finds out, once per JVM; without fonts every
 * text has size 0 and is skipped, so the chart is still drawn, without labels, and a warning says so.
 */
final class Text {
    private static final Logger LOG = LoggerFactory.getLogger(Text.class);
    /** Draws no text: what {@link #system()} is when the JDK has no usable font. */
    static final Text NONE = new Text(false);

    static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    private static Text system;

    private final boolean enabled;

    private Text(boolean enabled) {
        this.enabled = enabled;
    }

    /** This JDK's text: drawn when a font works, {@link #NONE} when none does (probed once). */
    static synchronized Text system() {
        if (system == null) {
            system = probe() ? new Text(true) : NONE;
        }
        return system;
    }

    boolean enabled() {
        return enabled;
    }

    int height(Graphics2D g, Font font) {
        return enabled ? g.getFontMetrics(font).getHeight() : 0;
    }

    int width(Graphics2D g, Font font, String text) {
        return enabled ? g.getFontMetrics(font).stringWidth(text) : 0;
    }

    /** {@code text} centred on {@code centreX}, its top at {@code top}. */
    void centred(Graphics2D g, Font font, String text, double centreX, double top) {
        if (enabled) {
            FontMetrics metrics = g.getFontMetrics(font);
            draw(g, font, text, centreX - metrics.stringWidth(text) / 2.0, top + metrics.getAscent());
        }
    }

    /** {@code text} starting at {@code left}, centred vertically on {@code centreY}. */
    void left(Graphics2D g, Font font, String text, double left, double centreY) {
        if (enabled) {
            draw(g, font, text, left, baseline(g.getFontMetrics(font), centreY));
        }
    }

    /** {@code text} ending at {@code right}, centred vertically on {@code centreY}. */
    void right(Graphics2D g, Font font, String text, double right, double centreY) {
        if (enabled) {
            FontMetrics metrics = g.getFontMetrics(font);
            draw(g, font, text, right - metrics.stringWidth(text), baseline(metrics, centreY));
        }
    }

    /** {@code text} read bottom to top (a y axis label), centred on ({@code centreX}, {@code centreY}). */
    void vertical(Graphics2D g, Font font, String text, double centreX, double centreY) {
        if (enabled) {
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2, centreX, centreY);
            FontMetrics metrics = g.getFontMetrics(font);
            draw(g, font, text, centreX - metrics.stringWidth(text) / 2.0, baseline(metrics, centreY));
            g.setTransform(saved);
        }
    }

    /** {@code text}, shortened with an ellipsis to fit {@code width} pixels. */
    String fit(Graphics2D g, Font font, String text, int width) {
        if (width(g, font, text) <= width) {
            return text;
        }
        for (int length = text.length() - 1; length > 0; length--) {
            String shorter = text.substring(0, length) + "…";
            if (width(g, font, shorter) <= width) {
                return shorter;
            }
        }
        return "";
    }

    private static void draw(Graphics2D g, Font font, String text, double x, double baseline) {
        g.setFont(font);
        g.drawString(text, (float) x, (float) baseline);
    }

    private static double baseline(FontMetrics metrics, double centreY) {
        return centreY + (metrics.getAscent() - metrics.getDescent()) / 2.0;
    }

    private static boolean probe() {
        BufferedImage scratch = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            g.setFont(BODY);
            g.getFontMetrics().stringWidth("0");
            g.drawString("0", 0, 8);
            g.getFontMetrics(TITLE).stringWidth("0");
            return true;
        } catch (RuntimeException | Error e) {
            // the JDK reports a missing font stack as an Error (see above); not so a JVM in trouble
            if (e instanceof VirtualMachineError vmError) {
                throw vmError;
            }
            LOG.warn("no usable font ({}): charts are drawn without text", e.toString());
            return false;
        } finally {
            g.dispose();
        }
    }
}
