package dev.latm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Axes fit everything drawn with 5% to spare, unless given a range. */
class PanelRangesTest {
    private static final Panel XY = Panel.of("", Axis.linear("x"), Axis.linear("y"));

    @Test
    void dataIsFittedWithFivePercentToSpareOnEachSide() {
        PanelRanges ranges = PanelRanges.of(XY.with(Series.points("p", new double[] {1, 11}, new double[] {-2, 2})));

        assertEquals(new Range(0.5, 11.5), ranges.x());
        assertEquals(new Range(-2.2, 2.2), ranges.y());
    }

    @Test
    void aLogAxisIsPaddedInLogSpace() {
        PanelRanges ranges = PanelRanges.of(Panel.of("", Axis.log("x"), Axis.linear("y"))
                .with(Series.points("p", new double[] {1, 100}, new double[] {0, 1})));

        assertEquals(Math.pow(10, -0.1), ranges.x().min(), 1e-12);
        assertEquals(Math.pow(10, 2.1), ranges.x().max(), 1e-9);
    }

    @Test
    void oneValueGetsTenPercentEitherSideAndNothingGetsTheUnitRange() {
        PanelRanges ranges = PanelRanges.of(XY.with(Series.points("p", new double[] {5}, new double[] {0})));

        assertEquals(new Range(4.5, 5.5), ranges.x());
        assertEquals(new Range(-1, 1), ranges.y());
        assertEquals(new PanelRanges(new Range(0, 1), new Range(0, 1)), PanelRanges.of(XY));
    }

    @Test
    void markersSpansAndHorizontalLinesCountButSlopedLinesDoNot() {
        PanelRanges ranges = PanelRanges.of(XY.with(Series.points("p", new double[] {5}, new double[] {5}))
                .with(Reference.span("warm-up", 0, 2, Palette.ORANGE))
                .with(Reference.vertical("shift", 10))
                .with(Reference.horizontal("target", 15))
                .with(Reference.line("steep", 100, 0)));

        assertEquals(new Range(-0.5, 10.5), ranges.x());
        assertEquals(new Range(4.5, 15.5), ranges.y());
    }

    @Test
    void aFixedRangeIsKeptAndEqualAxesShowTheUnionOfBoth() {
        Panel panel = Panel.of("", Axis.linear("x").range(0, 4), Axis.linear("y"))
                .with(Series.points("p", new double[] {1, 2}, new double[] {-10, 10}));

        assertEquals(new Range(0, 4), PanelRanges.of(panel).x());
        PanelRanges equal = PanelRanges.of(panel.withEqualAxes());
        assertEquals(new Range(-11, 11), equal.x());
        assertEquals(equal.x(), equal.y());
    }

    @Test
    void barsStartAtZero() {
        Panel bars = Panel.bars("", List.of("a", "b", "c"), Axis.linear("ms")).with(Series.bars("f", 2, 4, 3));

        assertEquals(new PanelRanges(new Range(-0.5, 2.5), new Range(0, 4.2)), PanelRanges.of(bars));
    }
}
