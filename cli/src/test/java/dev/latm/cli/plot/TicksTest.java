package dev.latm.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ticks are nice numbers inside the range, labelled without float noise. */
class TicksTest {

    @Test
    void linearTicksAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), Ticks.linear(new Range(0, 1), 5));
        assertEquals(List.of(1.8, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0), Ticks.linear(new Range(1.75, 3.1), 7));
        assertEquals(List.of(0.0, 50.0, 100.0, 150.0, 200.0, 250.0, 300.0), Ticks.linear(new Range(-3, 310), 8));
        assertEquals(List.of(-10.0, -5.0, 0.0, 5.0), Ticks.linear(new Range(-12, 7), 5));
    }

    @Test
    void linearLabelsShareTheirNumberOfDecimals() {
        assertEquals(List.of("1.8", "2.0", "2.2"), Ticks.labels(List.of(1.8, 2.0, 2.2), false));
        assertEquals(List.of("0.3", "0.4", "0.5", "0.6"), Ticks.labels(Ticks.linear(new Range(0.25, 0.65), 4), false));
        assertEquals(List.of("0", "50", "100"), Ticks.labels(List.of(0.0, 50.0, 100.0), false));
        assertEquals(List.of("0.55", "0.60", "0.65"), Ticks.labels(List.of(0.55, 0.6, 0.65), false));
        assertEquals(List.of("0", "2e+08", "4e+08"), Ticks.labels(List.of(0.0, 2e8, 4e8), false));
    }

    @Test
    void logTicksUseDecadesThenOneTwoFiveThenEveryDigit() {
        assertEquals(List.of(0.01, 0.1, 1.0, 10.0, 100.0), Ticks.log(new Range(0.008, 150), 6));
        assertEquals(List.of(0.5, 1.0, 2.0, 5.0, 10.0, 20.0), Ticks.log(new Range(0.4, 25), 8));
        assertEquals(List.of(2.0, 3.0, 4.0, 5.0, 6.0, 7.0), Ticks.log(new Range(1.5, 7.5), 8));
        assertEquals(List.of("0.5", "1", "2", "5", "10"), Ticks.labels(List.of(0.5, 1.0, 2.0, 5.0, 10.0), true));
    }

    @Test
    void logTicksThinOutManyDecadesAndFallBackToLinearOverAShortRange() {
        assertEquals(List.of(1e-4, 0.01, 1.0, 100.0, 1e4), Ticks.log(new Range(1e-5, 9e4), 6));
        assertEquals(List.of(2.0, 2.2, 2.4), Ticks.log(new Range(1.95, 2.45), 4));
    }
}
