package dev.latm.cli.plot;

import static dev.latm.cli.plot.Charts.WHITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Marks land where their data says: checked pixel by pixel on panels with fixed ranges. */
class DrawingTest {

    @Test
    void aPointColoursThePixelsAtItsDataCoordinates() {
        Charts.Drawn drawn = Charts.draw(Figure.of(Charts.square("one point")
                .with(Series.points("p", new double[] {2.5}, new double[] {7.5}).withColour(Palette.VERMILLION))));
        Rectangle area = drawn.projections().get(0).area();

        // 2.5 of [0, 10] is a quarter of the way across; 7.5 a quarter of the way down from the top
        int px = area.x + area.width / 4;
        int py = area.y + area.height / 4;
        assertEquals(Palette.VERMILLION.rgb(), drawn.rgb(px, py));
        assertEquals(Palette.VERMILLION.rgb(), drawn.rgb(px + 1, py + 1), "the marker is more than a pixel");
        assertEquals(WHITE, drawn.rgb(px + 10, py + 10), "and about 6 pixels across");
        assertEquals(WHITE, drawn.rgb(area.x + 3 * area.width / 4, py), "nothing at (7.5, 7.5)");
    }

    @Test
    void aShadedRangeTintsItsXSpanOverTheWholeHeight() {
        Charts.Drawn drawn = Charts.draw(Figure.of(Charts.square("span")
                .with(Reference.span("warm-up", 3, 5, Palette.ORANGE))
                .with(Series.points("p", new double[] {9}, new double[] {9}))));
        int tint = Charts.overWhite(Palette.ORANGE, Marks.SHADE_ALPHA);

        // away from the grid lines at every 2 units
        for (double y : new double[] {0.5, 5.2, 9.5}) {
            assertTrue(Charts.near(tint, drawn.at(0, 3.3, y), 1), "inside at y = " + y);
            assertTrue(Charts.near(tint, drawn.at(0, 4.7, y), 1), "inside at y = " + y);
            assertEquals(WHITE, drawn.at(0, 2.7, y), "left of it at y = " + y);
            assertEquals(WHITE, drawn.at(0, 5.3, y), "right of it at y = " + y);
        }
    }

    @Test
    void theIdentityLineRunsAlongTheDiagonalOfEqualAxes() {
        Charts.Drawn drawn = Charts.draw(Figure.of(Panel.of("y = x", Axis.linear("measured"), Axis.linear("predicted"))
                .withEqualAxes()
                .with(Reference.identity())
                .with(Series.points("p", new double[] {1, 4}, new double[] {2, 9}))));
        Projection p = drawn.projections().get(0);
        assertEquals(p.x(), p.y(), "equal axes show the union of both ranges");

        int onLine = 0;
        int beside = 0;
        for (int i = 1; i < 100; i++) {
            double v = p.x().min() + (p.x().max() - p.x().min()) * i / 100;
            onLine += drawn.at(0, v, v) != WHITE ? 1 : 0;
            double off = (p.x().max() - p.x().min()) * 0.08;
            beside += isInk(drawn.at(0, v, v + off)) ? 1 : 0;
        }
        assertTrue(onLine >= 50, "a dashed line: 6 pixels on, 4 off; got " + onLine + " of 99 on it");
        assertTrue(beside <= 5, beside + " of 99 points 8% above the diagonal are drawn (grid lines and the data)");
    }

    @Test
    void aStepLineHoldsEachValueUntilTheNextX() {
        Charts.Drawn drawn = Charts.draw(Figure.of(Charts.square("steps")
                .with(Series.steps("front", new double[] {1, 5, 9}, new double[] {3, 7, 9}))));

        assertEquals(Palette.BLUE.rgb(), drawn.at(0, 3, 3), "flat at 3 from x = 1 to 5");
        assertEquals(Palette.BLUE.rgb(), drawn.at(0, 5, 5), "then up at x = 5");
        assertEquals(Palette.BLUE.rgb(), drawn.at(0, 7, 7), "flat at 7 from x = 5 to 9");
        assertEquals(WHITE, drawn.at(0, 3, 5.1), "no straight segment from (1, 3) to (5, 7)");
    }

    @Test
    void aVerticalMarkerCrossesTheWholeHeightAtItsX() {
        Charts.Drawn drawn = Charts.draw(Figure.of(Charts.square("marker")
                .with(Series.points("p", new double[] {9}, new double[] {1}))
                .with(Reference.vertical("shift", 3.5, 6.5).withColour(Palette.VERMILLION))));
        Rectangle area = drawn.projections().get(0).area();

        for (double x : new double[] {3.5, 6.5}) {
            long drawnRows = IntStream.range(area.y + 1, area.y + area.height)
                    .filter(py -> drawn.rgb((int) Math.floor(drawn.projections().get(0).px(x)), py) != WHITE).count();
            assertTrue(drawnRows > area.height / 2, "dashed at x = " + x + ": " + drawnRows + " rows");
        }
        assertEquals(WHITE, drawn.at(0, 5, 5));
    }

    @Test
    void aLogAxisPutsEachDecadeTheSameDistanceApart() {
        Charts.Drawn drawn = Charts.draw(Figure.of(Panel.of("log", Axis.log("x").range(1, 100), Axis.linear("y")
                .range(0, 10)).with(Series.points("p", new double[] {10}, new double[] {5}))));
        Rectangle area = drawn.projections().get(0).area();

        assertEquals(Palette.BLUE.rgb(), drawn.rgb(area.x + area.width / 2, area.y + area.height / 2),
                "10 is halfway between 1 and 100");
    }

    @Test
    void barsRiseFromZeroToTheirHeightSideBySideInEachCategory() {
        Charts.Drawn drawn = Charts.draw(Figure.of(Panel.bars("claims", List.of("small", "large"), Axis.linear("ms"))
                .with(Series.bars("float32", 2, 4))
                .with(Series.bars("int8", 1, 3))));
        Projection p = drawn.projections().get(0);
        assertEquals(0, p.y().min(), "bars start at 0 with no gap under them");

        // category 1 spans x 0.6 to 1.4: float32 on the left half, int8 on the right
        assertEquals(Palette.BLUE.rgb(), drawn.at(0, 0.8, 3.9));
        assertEquals(WHITE, drawn.at(0, 0.8, 4.1));
        assertEquals(Palette.ORANGE.rgb(), drawn.at(0, 1.2, 2.9));
        assertEquals(WHITE, drawn.at(0, 1.2, 3.2));
        assertEquals(WHITE, drawn.at(0, 0.5, 1.5), "a gap between the categories");
    }

    @Test
    void withoutFontsTheDataIsDrawnAndTheTextIsLeftOut() {
        Figure figure = Figure.of(Charts.square("a title")
                .with(Series.points("p", new double[] {5}, new double[] {5})));
        Charts.Drawn drawn = Charts.draw(figure, Text.NONE);

        assertEquals(Palette.BLUE.rgb(), drawn.at(0, 5, 5));
        assertEquals(0, inkAbove(drawn.image(), drawn.projections().get(0).area().y), "no title above the plot");
        if (Figure.hasText()) {
            Charts.Drawn withText = Charts.draw(figure);
            int top = withText.projections().get(0).area().y;
            assertTrue(inkAbove(withText.image(), top) > 0, "this JDK writes titles");
        }
    }

    /** Pixels that are not white above row {@code rows}. */
    private static int inkAbove(BufferedImage image, int rows) {
        int ink = 0;
        for (int py = 0; py < rows; py++) {
            for (int px = 0; px < image.getWidth(); px++) {
                ink += (image.getRGB(px, py) & 0xFFFFFF) != WHITE ? 1 : 0;
            }
        }
        return ink;
    }

    private static boolean isInk(int rgb) {
        return rgb != WHITE && !Charts.near(0xE6E6E6, rgb, 8);
    }
}
