package dev.latm.cli.plot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Figures the tests draw, and how they read pixels back. */
final class Charts {
    static final int WHITE = 0xFFFFFF;

    private Charts() {
    }

    /** A labelled panel on fixed ranges [0, 10] x [0, 10], so data positions are known. */
    static Panel square(String title) {
        return Panel.of(title, Axis.linear("x").range(0, 10), Axis.linear("y").range(0, 10));
    }

    /** A small figure with a bit of everything: two panels, a log axis, every kind of mark. */
    static Figure sample() {
        Panel scatter = Panel.of("predicted vs measured", Axis.log("measured (ms)"), Axis.log("predicted (ms)"))
                .withEqualAxes()
                .with(Reference.band("±10%", 0.9, 1.1))
                .with(Reference.identity())
                .with(Series.points("networks", new double[] {0.5, 1.2, 3.3, 8.0}, new double[] {0.55, 1.1, 3.0, 9.1}));
        Panel runs = Panel.of("runs", Axis.linear("run"), Axis.linear("latency (ms)"))
                .with(Reference.span("warm-up", 0.5, 3.5, Palette.ORANGE))
                .with(Series.line("latency", new double[] {1, 2, 3, 4, 5, 6},
                        new double[] {3, 2.5, 2.1, 2, 2.05, 1.98}))
                .with(Series.steps("best so far", new double[] {1, 2, 4, 6}, new double[] {3, 2.5, 2, 1.98}))
                .with(Reference.vertical("shift", 3.5).withColour(Palette.VERMILLION))
                .with(Reference.horizontal("median", 2.02));
        return Figure.of(scatter, runs);
    }

    /** Draws {@code figure} with this JDK's text. */
    static Drawn draw(Figure figure) {
        return draw(figure, Text.system());
    }

    /** Draws {@code figure} with {@code text}: the image, and how each panel maps data to its pixels. */
    static Drawn draw(Figure figure, Text text) {
        List<Projection> projections = new ArrayList<>();
        BufferedImage image = figure.draw(text, projections);
        return new Drawn(image, projections);
    }

    record Drawn(BufferedImage image, List<Projection> projections) {
        /** The colour (0xRRGGBB) at data point (x, y) of panel {@code panel}. */
        int at(int panel, double x, double y) {
            Projection p = projections.get(panel);
            return rgb((int) Math.floor(p.px(x)), (int) Math.floor(p.py(y)));
        }

        int rgb(int px, int py) {
            return image.getRGB(px, py) & 0xFFFFFF;
        }
    }

    /** {@code colour} at {@code alpha} over white, as the PNG stores it. */
    static int overWhite(Palette colour, double alpha) {
        int a = (int) Math.round(alpha * 255);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int c = (colour.rgb() >> shift) & 0xFF;
            rgb |= ((c * a + 255 * (255 - a) + 127) / 255) << shift;
        }
        return rgb;
    }

    /** Whether {@code rgb} is within {@code tolerance} of {@code expected} in every channel. */
    static boolean near(int expected, int rgb, int tolerance) {
        for (int shift = 16; shift >= 0; shift -= 8) {
            if (Math.abs(((expected >> shift) & 0xFF) - ((rgb >> shift) & 0xFF)) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
