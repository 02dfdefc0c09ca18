package dev.latm.client.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.latm.proto.v1.AnchoredLatency;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.StaticCost;
import dev.latm.proto.v1.Stationarity;
import dev.latm.proto.v1.WarmupOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultColumnsTest {
    private static final MeasureResponse MEASURED = MeasureResponse.newBuilder()
            .setName("tiny").setArchitectureId("abc").setDeviceId("dev-1").setEngine("java").setEngineVersion("v")
            .setOptions(MeasurementOptions.newBuilder().setThreads(2).setBatch(1).setResolution(64).setPrecision(0.01))
            .setLatency(LatencyStatistics.newBuilder().setMedianMs(1.234567891).setMeanMs(1.3).setP90Ms(1.5)
                    .setP95Ms(1.6).setRuns(60).setTargetReached(true))
            .setBuildMs(12.5).setCost(StaticCost.newBuilder().setMacs(1000).setParams(10))
            .setMeasuredAt("2026-01-01T00:00:00Z").build();

    @Test
    void theColumnsEveryTableSharesAreTheContract() {
        assertEquals(List.of("name", "architecture_id", "device_id", "engine", "engine_version", "threads", "batch",
                "resolution", "precision", "reference", "lat_ms", "median_ms", "mean_ms", "stddev_ms", "min_ms",
                "max_ms", "p90_ms", "p95_ms", "p99_ms", "ci_low_ms", "ci_high_ms", "ci_half_width_rel", "cv", "runs",
                "target_reached", "stationary", "changepoint_run", "changepoint_shift", "relative",
                "relative_ci_half_width_rel", "reference_median_ms", "baseline_ms", "normalized_ms",
                "device_speed_ratio", "build_ms", "first_run_ms", "warmup_ms", "warmup_runs", "timed_ms",
                "warmup_outcome", "macs", "params", "params_training", "from_store", "measured_at", "error"),
                ResultColumns.MEASUREMENT.names());
    }

    @Test
    void anAnchoredResultHasItsLatAndRelativeColumnsAndAnOldOneFallsBackToTheMedian() {
        MeasureResponse anchored = MEASURED.toBuilder().setLatMs(2.5)
                .setOptions(MEASURED.getOptions().toBuilder().setReference("mobilenet_v3_small"))
                .setAnchored(AnchoredLatency.newBuilder().setReference("mobilenet_v3_small").setRelative(1.25)
                        .setRelativeCiHalfWidthRel(0.004).setReferenceMedianMs(2.2).setBaselineMs(2.0)
                        .setNormalizedMs(2.5).setDeviceSpeedRatio(1.1))
                .setStationarity(Stationarity.newBuilder().setStationary(true))
                .setWarmupOutcome(WarmupOutcome.STEADY).build();
        List<Object> values = ResultColumns.MEASUREMENT.values(anchored);
        assertEquals("mobilenet_v3_small", value(values, "reference"));
        assertEquals(2.5, value(values, "lat_ms"));
        assertEquals(2.5, value(values, "normalized_ms"));
        assertEquals(1.25, value(values, "relative"));
        assertEquals(1.1, value(values, "device_speed_ratio"));
        assertEquals(true, value(values, "stationary"));
        assertEquals("STEADY", value(values, "warmup_outcome"));

        List<Object> old = ResultColumns.MEASUREMENT.values(MEASURED);
        assertEquals(1.2346, value(old, "lat_ms"), "stored before lat_ms: the median");
        for (String absent : List.of("reference", "relative", "normalized_ms", "baseline_ms", "device_speed_ratio",
                "stationary", "changepoint_run", "warmup_outcome")) {
            assertNull(value(old, absent), absent);
        }
    }

    @Test
    void millisecondsKeepFourDecimalsAndAMissingPercentileIsAbsent() {
        List<Object> values = ResultColumns.MEASUREMENT.values(MEASURED);
        assertEquals(1.2346, value(values, "median_ms"));
        assertEquals(1.6, value(values, "p95_ms"));
        assertNull(value(values, "p99_ms"), "p99 needs 100 samples; 60 were taken");
        assertEquals(2, value(values, "threads"));
        assertEquals(1000L, value(values, "macs"));
        assertEquals(true, value(values, "target_reached"));
        assertNull(value(values, "error"));
    }

    @Test
    void aFailedCandidateHasItsIdentityAndErrorAndNoStatistics() {
        MeasureResponse failed = MeasureResponse.newBuilder().setArchitectureId("abc").setEngine("java")
                .setError(Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED.getNumber())
                        .setMessage("over the MAC limit\nof 1000")).build();
        List<Object> values = ResultColumns.MEASUREMENT.values(failed);
        assertEquals("abc", value(values, "architecture_id"));
        assertEquals("java", value(values, "engine"));
        assertEquals("RESOURCE_EXHAUSTED: over the MAC limit of 1000", value(values, "error"));
        for (String statistic : List.of("threads", "median_ms", "runs", "macs", "from_store", "measured_at")) {
            assertNull(value(values, statistic), statistic);
        }
    }

    @Test
    void tablesAddTheirOwnColumnsAroundTheSharedOnes() {
        record Numbered(int number, MeasureResponse response) {
        }
        Columns<Numbered> table = Columns.of(Column.<Numbered>of("number", Numbered::number))
                .and(ResultColumns.MEASUREMENT.from(Numbered::response))
                .and(Column.of("twice", n -> 2 * n.number()));
        assertEquals(ResultColumns.MEASUREMENT.size() + 2, table.size());
        assertEquals(0, table.indexOf("number"));
        assertEquals(table.size() - 1, table.indexOf("twice"));
        List<Object> values = table.values(new Numbered(4, MEASURED));
        assertEquals(List.of(4, "tiny", "abc"), values.subList(0, 3));
        assertEquals(8, values.get(table.size() - 1));
        assertTrue(Csv.row(values).startsWith("4,tiny,abc,dev-1,java,v,2,1,64,0.01,,1.2346,1.2346,1.3,"),
                Csv.row(values));
    }

    @Test
    void aColumnNameIsSnakeCaseAndListedOnce() {
        IllegalArgumentException camel = assertThrows(IllegalArgumentException.class,
                () -> Column.of("medianMs", r -> r));
        assertEquals("a column name is snake_case (got 'medianMs')", camel.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ResultColumns.MEASUREMENT.and(Column.of("median_ms", r -> 0)));
        assertEquals("column median_ms is listed twice", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResultColumns.MEASUREMENT.indexOf("latency_ms"));
    }

    private static Object value(List<Object> values, String column) {
        return values.get(ResultColumns.MEASUREMENT.indexOf(column));
    }
}
