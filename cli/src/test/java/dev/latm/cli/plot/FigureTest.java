package dev.latm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a figure writes: a PNG of the right size, the same bytes every time, panels in their cells. */
class FigureTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path dir;

    @Test
    void writesAPngOfOnePanelSizePerPanel() throws IOException {
        Path file = dir.resolve("sample.png");
        Charts.sample().writePng(file);

        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(2 * Figure.WIDTH, image.getWidth());
        assertEquals(Figure.HEIGHT, image.getHeight());
    }

    @Test
    void theSameFigureGivesTheSameBytesAndAnotherFigureOtherBytes() {
        byte[] first = Charts.sample().toPng();
        byte[] second = Charts.sample().toPng();
        byte[] other = Charts.sample().withPanelSize(Figure.WIDTH, Figure.HEIGHT + 1).toPng();
        byte[] moved = Figure.of(Charts.square("a").with(Series.points("p", new double[] {5}, new double[] {5})))
                .toPng();
        byte[] movedAgain = Figure.of(Charts.square("a").with(Series.points("p", new double[] {5}, new double[] {6})))
                .toPng();

        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, other));
        assertFalse(Arrays.equals(moved, movedAgain), "a point moved by one unit changes the image");
    }

    @Test
    void panelsFillTheirOwnCellsRowByRow() {
        Panel left = Charts.square("left").with(Series.points("a", new double[] {2}, new double[] {2}));
        Panel right = Charts.square("right").with(Series.points("b", new double[] {8}, new double[] {8}));
        Panel below = Charts.square("below").with(Series.points("c", new double[] {5}, new double[] {5}));
        Figure figure = new Figure(java.util.List.of(left, right, below), 2, 300, 250);

        Charts.Drawn drawn = Charts.draw(figure);

        assertEquals(600, drawn.image().getWidth());
        assertEquals(500, drawn.image().getHeight());
        Rectangle[] cells = {new Rectangle(0, 0, 300, 250), new Rectangle(300, 0, 300, 250),
            new Rectangle(0, 250, 300, 250)};
        for (int i = 0; i < cells.length; i++) {
            assertTrue(cells[i].contains(drawn.projections().get(i).area()), "panel " + i + " stays in its cell");
        }
        // each panel's point in the first palette colour, in its own cell
        assertEquals(Palette.BLUE.rgb(), drawn.at(0, 2, 2));
        assertEquals(Palette.BLUE.rgb(), drawn.at(1, 8, 8));
        assertEquals(Palette.BLUE.rgb(), drawn.at(2, 5, 5));
    }

    @Test
    void drawsWithoutADisplay() {
        Charts.sample().toPng();

        assertEquals("true", System.getProperty("java.awt.headless"));
        assertTrue(GraphicsEnvironment.isHeadless());
    }
}
