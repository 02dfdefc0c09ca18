package dev.latm.runtime.timing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyStatisticsTest {

    private static final double EPS = 1e-12;
    private static final TimingPlan PLAN = TimingPlan.DEFAULT.withRuns(1, 5000);

    @Test
    void medianOfOddCountIsTheMiddleSample() {
        LatencyStats stats = LatencyStatistics.of(millis(5, 1, 3), 3, PLAN);
        assertEquals(3.0, stats.medianMs(), EPS);
        assertEquals(1.0, stats.minMs(), EPS);
        assertEquals(5.0, stats.maxMs(), EPS);
    }

    @Test
    void medianOfEvenCountAveragesTheTwoMiddleSamples() {
        assertEquals(2.5, LatencyStatistics.of(millis(4, 1, 3, 2), 4, PLAN).medianMs(), EPS);
    }

    @Test
    void meanAndSampleStddevUseNMinusOne() {
        LatencyStats stats = LatencyStatistics.of(millis(2, 4, 4, 4, 5, 5, 7, 9), 8, PLAN);
        assertEquals(5.0, stats.meanMs(), EPS);
        // squared deviations sum to 32; the population stddev would be 2.0, the sample one sqrt(32/7)
        assertEquals(Math.sqrt(32.0 / 7), stats.stddevMs(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7) / 5, stats.cv(), 1e-12);
    }

    @Test
    void singleSampleHasNoSpread() {
        LatencyStats stats = LatencyStatistics.of(millis(7), 1, PLAN);
        assertEquals(7.0, stats.medianMs(), EPS);
        assertEquals(0.0, stats.stddevMs());
        assertEquals(7.0, stats.ciLowMs(), EPS);
        assertEquals(7.0, stats.ciHighMs(), EPS);
        assertEquals(OptionalDouble.empty(), stats.p90Ms());
    }

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        LatencyStats stats = LatencyStatistics.of(shuffledOneTo(100), 100, PLAN);
        assertEquals(90.0, stats.p90Ms().orElseThrow(), EPS);
        assertEquals(95.0, stats.p95Ms().orElseThrow(), EPS);
        assertEquals(99.0, stats.p99Ms().orElseThrow(), EPS);
        assertEquals(50.5, stats.medianMs(), EPS);
    }

    @Test
    void p99IsAbsentWithNinetyNineSamples() {
        LatencyStats stats = LatencyStatistics.of(shuffledOneTo(99), 99, PLAN);
        assertTrue(stats.p99Ms().isEmpty(), "p99 of 99 samples would just be the maximum");
        assertEquals(95.0, stats.p95Ms().orElseThrow(), EPS); // ceil(0.95 * 99) = 95
        assertEquals(90.0, stats.p90Ms().orElseThrow(), EPS); // ceil(0.90 * 99) = 90
    }

    @Test
    void percentilesAppearExactlyAtTheirMinimumCounts() {
        assertFalse(LatencyStatistics.percentileDefined(90, 9));
        assertTrue(LatencyStatistics.percentileDefined(90, 10));
        assertFalse(LatencyStatistics.percentileDefined(95, 19));
        assertTrue(LatencyStatistics.percentileDefined(95, 20));
        assertFalse(LatencyStatistics.percentileDefined(99, 99));
        assertTrue(LatencyStatistics.percentileDefined(99, 100));

        assertTrue(LatencyStatistics.of(shuffledOneTo(9), 9, PLAN).p90Ms().isEmpty());
        assertEquals(9.0, LatencyStatistics.of(shuffledOneTo(10), 10, PLAN).p90Ms().orElseThrow(), EPS);
        assertEquals(19.0, LatencyStatistics.of(shuffledOneTo(20), 20, PLAN).p95Ms().orElseThrow(), EPS);
    }

    @Test
    void nearestRankIsExactAtIntegerBoundaries() {
        assertEquals(99, LatencyStatistics.nearestRank(99, 100)); // 0.99 * 100 must not round up to 100
        assertEquals(1, LatencyStatistics.nearestRank(1, 100));
        assertEquals(990, LatencyStatistics.nearestRank(99, 1000));
        assertEquals(95, LatencyStatistics.nearestRank(95, 99)); // ceil(94.05)
        assertEquals(50, LatencyStatistics.nearestRank(50, 100));
        assertThrows(IllegalArgumentException.class, () -> LatencyStatistics.nearestRank(100, 10));
    }

    @Test
    void medianCiRanksMatchHandComputedValues() {
        // n = 50: 1.96 * sqrt(50) / 2 = 6.93 -> floor(25 - 6.93) = 18, ceil(25 + 6.93) = 32
        assertEquals(18, LatencyStatistics.ciLowRank(50));
        assertEquals(32, LatencyStatistics.ciHighRank(50));
        // n = 100: 1.96 * 10 / 2 = 9.8 -> floor(40.2) = 40, ceil(59.8) = 60
        assertEquals(40, LatencyStatistics.ciLowRank(100));
        assertEquals(60, LatencyStatistics.ciHighRank(100));
        // n = 5: floor(0.31) = 0 and ceil(4.69) = 5, clamped into [1, 5]: the whole range
        assertEquals(1, LatencyStatistics.ciLowRank(5));
        assertEquals(5, LatencyStatistics.ciHighRank(5));
        assertEquals(1, LatencyStatistics.ciLowRank(1));
        assertEquals(1, LatencyStatistics.ciHighRank(1));
    }

    @Test
    void ciAndAchievedPrecisionOfOneToHundred() {
        LatencyStats stats = LatencyStatistics.of(shuffledOneTo(100), 100, PLAN);
        assertEquals(40.0, stats.ciLowMs(), EPS);
        assertEquals(60.0, stats.ciHighMs(), EPS);
        assertEquals((60.0 - 40.0) / 2 / 50.5, stats.ciHalfWidthRel(), 1e-12);
    }

    @Test
    void targetReachedNeedsBothMinRunsAndPrecision() {
        long[] samples = shuffledOneTo(100); // achieved precision 0.198
        assertTrue(LatencyStatistics.of(samples, 100, PLAN.withPrecision(0.2)).targetReached());
        assertFalse(LatencyStatistics.of(samples, 100, PLAN.withPrecision(0.19)).targetReached());
        assertFalse(LatencyStatistics.of(samples, 100, PLAN.withPrecision(0.2).withRuns(101, 200))
                .targetReached());
    }

    @Test
    void constantSamplesHaveZeroSpreadAndAZeroWidthInterval() {
        LatencyStats stats = LatencyStatistics.of(millis(2, 2, 2, 2, 2), 5, PLAN);
        assertEquals(0.0, stats.stddevMs());
        assertEquals(0.0, stats.cv());
        assertEquals(0.0, stats.ciHalfWidthRel());
        assertTrue(stats.targetReached());
    }

    @Test
    void zeroMedianWithSpreadIsInfinitelyImprecise() {
        LatencyStats stats = LatencyStatistics.of(new long[] {0, 0, 0, 5, 5}, 5, PLAN);
        assertEquals(Double.POSITIVE_INFINITY, stats.ciHalfWidthRel());
        assertFalse(stats.targetReached());
        assertEquals(0.0, LatencyStatistics.of(new long[] {0, 0, 0}, 3, PLAN).ciHalfWidthRel());
    }

    @Test
    void onlyTheFirstNSamplesCountAndTheInputIsLeftInRunOrder() {
        long[] samples = millis(3, 1, 2, 1000, 1000);
        LatencyStats stats = LatencyStatistics.of(samples, 3, PLAN.withKeepSamples(true));
        assertEquals(3, stats.runs());
        assertEquals(3.0, stats.maxMs(), EPS);
        assertEquals(List.of(3.0, 1.0, 2.0), stats.samplesMs());
        assertArrayEquals(millis(3, 1, 2, 1000, 1000), samples);
    }

    @Test
    void samplesAreDroppedUnlessAsked() {
        assertEquals(List.of(), LatencyStatistics.of(millis(3, 1, 2), 3, PLAN).samplesMs());
    }

    @Test
    void sampleCountOutsideTheArrayIsRejected() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> LatencyStatistics.of(millis(1, 2), 0, PLAN));
        assertEquals("n must be in [1, 2] (got 0)", none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LatencyStatistics.of(millis(1, 2), 3, PLAN));
    }

    private static long[] millis(double... values) {
        long[] nanos = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            nanos[i] = Math.round(values[i] * 1e6);
        }
        return nanos;
    }

    /** 1..n milliseconds in a fixed shuffled order, so that the statistics must sort. */
    private static long[] shuffledOneTo(int n) {
        List<Long> values = new ArrayList<>();
        for (long ms = 1; ms <= n; ms++) {
            values.add(ms * 1_000_000L);
        }
        Collections.shuffle(values, new Random(42));
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
