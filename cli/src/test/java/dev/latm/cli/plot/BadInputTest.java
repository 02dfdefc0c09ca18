package dev.latm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is refused where it is given, with a message naming the series or setting and the value. */
class BadInputTest {
    private static final double[] ONE = {1};

    @Test
    void anEmptySeriesIsRefused() {
        refused("series 'trials' is empty; a series needs at least one point",
                () -> Series.points("trials", new double[0], new double[0]));
        refused("series 'claims' is empty", () -> Series.bars("claims"));
    }

    @Test
    void nanAndInfiniteValuesAreRefusedWithTheirIndexNotDropped() {
        refused("series 'trials': y[1] is NaN; every value must be finite (leave missing points out before plotting)",
                () -> Series.points("trials", new double[] {1, 2}, new double[] {0.7, Double.NaN}));
        refused("series 'trials': x[0] is Infinity",
                () -> Series.line("trials", new double[] {Double.POSITIVE_INFINITY}, ONE));
        refused("an unlabelled series: y[0] is -Infinity", () -> Series.points("", ONE,
                new double[] {Double.NEGATIVE_INFINITY}));
        refused("series 'xs': x[1] is null", () -> new Series("xs", Series.Kind.POINTS, Arrays.asList(1.0, null),
                List.of(1.0, 2.0), null));
        refused("reference 'median': intercept is NaN", () -> Reference.horizontal("median", Double.NaN));
        refused("reference 'shift': x[0] is Infinity", () -> Reference.vertical("shift", Double.POSITIVE_INFINITY));
    }

    @Test
    void mismatchedLengthsAreRefused() {
        refused("series 'runs': 3 x values but 2 y values; every point needs both",
                () -> Series.line("runs", new double[] {1, 2, 3}, new double[] {1, 2}));
        refused("series 'int8': 3 bar heights for 2 categories [small, large]",
                () -> Panel.bars("claims", List.of("small", "large"), Axis.linear("ms"))
                        .with(Series.bars("int8", 1, 2, 3)));
    }

    @Test
    void valuesAtOrBelowZeroAreRefusedOnALogAxis() {
        Panel logLog = Panel.of("drift", Axis.log("pass 1 (ms)"), Axis.log("pass 2 (ms)"));

        refused("series 'archs': y[1] = -0.5 cannot be drawn on the log axis 'pass 2 (ms)' (values must be > 0)",
                () -> logLog.with(Series.points("archs", new double[] {1, 2}, new double[] {1, -0.5})));
        refused("series 'archs': x[0] = 0.0 cannot be drawn on the log axis 'pass 1 (ms)'",
                () -> logLog.with(Series.points("archs", new double[] {0}, ONE)));
        refused("reference 'floor': y = 0.0 cannot be drawn on the log axis 'pass 2 (ms)'",
                () -> logLog.with(Reference.horizontal("floor", 0)));
        refused("reference 'warm-up': from = -1.0 cannot be drawn on the log axis 'pass 1 (ms)'",
                () -> logLog.with(Reference.span("warm-up", -1, 1, Palette.ORANGE)));
        refused("log axis 'ms': its range must be above 0 (got [0.0, 10.0])", () -> Axis.log("ms").range(0, 10));
    }

    @Test
    void aStepLineMustNotGoBackInX() {
        refused("series 'front': a step line's x must not decrease (x[2] = 2.0 after x[1] = 3.0); sort it by x",
                () -> Series.steps("front", new double[] {1, 3, 2}, new double[] {1, 2, 3}));
    }

    @Test
    void barsAndOtherSeriesDoNotMix() {
        refused("series 'int8' is bars: add it to a bar panel (Panel.bars)",
                () -> Charts.square("xy").with(Series.bars("int8", 1)));
        refused("bar panel 'claims' takes only bars (series 'p' is POINTS)",
                () -> Panel.bars("claims", List.of("a"), Axis.linear("ms")).with(Series.points("p", ONE, ONE)));
        refused("bar panel 'claims': no categories given", () -> Panel.bars("claims", List.of(), Axis.linear("ms")));
        refused("bar panel 'claims': bars need a linear y axis starting at 0",
                () -> Panel.bars("claims", List.of("a"), Axis.log("ms")));
    }

    @Test
    void badRangesReferencesAndSizesAreRefused() {
        refused("a range needs finite min < max (got [2.0, 1.0])", () -> Axis.linear("x").range(2, 1));
        refused("shaded range 'timed': from must be below to (got 5.0 and 5.0)",
                () -> Reference.span("timed", 5, 5, Palette.SKY_BLUE));
        refused("band '±10%': low must be below high (got 1.1 and 0.9)", () -> Reference.band("±10%", 1.1, 0.9));
        refused("vertical lines 'shift': no x given", () -> Reference.vertical("shift"));
        refused("panel 'drift': equal axes need the same scale on x and y (got LOG and LINEAR)",
                () -> Panel.of("drift", Axis.log("a"), Axis.linear("b")).withEqualAxes());
        refused("a figure needs at least one panel", Figure::of);
        refused("panelWidth must be in [200, 4000] pixels (got 100)",
                () -> Figure.of(Charts.square("a")).withPanelSize(100, 300));
        refused("a figure needs at least 1 column (got 0)", () -> Figure.of(Charts.square("a")).withColumns(0));
    }

    @Test
    void aPanelWithoutRoomForItsPlotIsRefusedWhenDrawn() {
        Panel crowded = Charts.square("crowded");
        for (int i = 0; i < 40; i++) {
            crowded = crowded.with(Series.points("a long legend entry number " + i, ONE, ONE));
        }
        Figure figure = Figure.of(crowded).withPanelSize(200, 200);
        if (Figure.hasText()) {
            refused("panel 'crowded': no room left for the plot in 200x200 pixels", figure::toPng);
        }
    }

    private static void refused(String messageStart, Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}
