package dev.latm.cli.plot;

import java.awt.Color;

/**
 * The colours charts draw with: the Okabe–Ito palette, which stays distinguishable under the common
 * forms of colour blindness, plus a neutral grey for reference lines. Series without a colour of their
 * own take {@link #SERIES} in order, so the same chart always gets the same colours.
 */
public enum Palette {
    BLUE(0x0072B2),
    ORANGE(0xE69F00),
    GREEN(0x009E73),
    VERMILLION(0xD55E00),
    PURPLE(0xCC79A7),
    SKY_BLUE(0x56B4E9),
    YELLOW(0xF0E442),
    BLACK(0x000000),
    GREY(0x777777);

    /** The order series take colours in; yellow comes late because it is faint on white. */
    static final Palette[] SERIES = {BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY_BLUE, BLACK, YELLOW};

    private final int rgb;

    Palette(int rgb) {
        this.rgb = rgb;
    }

    /** The colour as 0xRRGGBB. */
    public int rgb() {
        return rgb;
    }

    /** The {@code index}-th series colour, starting again after the last. */
    static Palette series(int index) {
        return SERIES[index % SERIES.length];
    }

    Color color() {
        return new Color(rgb);
    }

    /** The colour at {@code alpha} (0 to 1), for shaded regions under the data. */
    Color translucent(double alpha) {
        return new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, (int) Math.round(alpha * 255));
    }
}
