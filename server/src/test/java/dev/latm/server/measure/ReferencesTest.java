package dev.latm.server.measure;

import static dev.latm.runtime.timing.FakeClock.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.timing.FakeClock;
import dev.latm.runtime.timing.JitCompilationTime;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.server.metrics.LatmMetrics;
import dev.latm.server.store.ResultStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calibration of the device's reference baseline on a scripted reference: retried while the reference's
 * run times shift, refused when they shift during every attempt, and kept in the store.
 *
 * <p>The timeline of an attempt on a flat series: run 0 (timed apart), 30 warm-up runs (the steady-state
 * rule first judges three windows of ten), then the plan's 120 timed runs; so attempt k's timed runs are
 * the runs from 151k + 31 to 151k + 150.
 */
class ReferencesTest {
    /** 120 timed runs exactly, so that an attempt spans a step of the script whatever its precision. */
    private static final TimingPlan PLAN = new TimingPlan(2, Duration.ofMillis(10), 120, 120, Duration.ofSeconds(10),
            0.1, false);
    private static final Clock WALL = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

    private final FakeClock clock = new FakeClock();
    private final ReferenceKey key = new ReferenceKey("mobilenet_v3_small", ScriptedEngine.NAME, "1",
            EngineOptions.DEFAULT);

    @Test
    void aShiftedAttemptIsRetriedAndTheStationaryOneKept(@TempDir Path dir) {
        // 1 ms until run 90, inside the first attempt's timed runs; 1.6 ms for good from there
        ScriptedEngine engine = new ScriptedEngine(clock, (network, run) -> run < 90 ? MS : 16 * MS / 10);
        try (ResultStore store = ResultStore.open(dir.resolve("results.db"))) {
            References references = references(store);
            ReferenceBaseline baseline = references.calibrate(key, engine, PLAN, () -> false);

            assertEquals(2, baseline.getAttempts());
            assertEquals(1.6, baseline.getMedianMs(), 1e-9);
            assertTrue(baseline.getStationary());
            assertEquals(120, baseline.getRuns());
            assertEquals("2026-11-29T10:00:00Z", baseline.getMeasuredAt());
            assertEquals("FLOAT32", baseline.getDtype());
            assertEquals(Optional.of(baseline), references.baseline(key));
            assertEquals(List.of(baseline), store.baselines("device"), "kept in the store");
            assertEquals(Optional.of(baseline), references(store).baseline(key), "and found by the next process");
            assertEquals(List.of(), store.baselines("another-device"));
        }
    }

    @Test
    void whenEveryAttemptShiftsTheCalibrationIsRefusedAndNoBaselineKept() {
        // 1 ms and 1.6 ms in turns of 90 runs: every attempt's 120 timed runs straddle a step
        ScriptedEngine engine = new ScriptedEngine(clock, (network, run) -> (run / 90) % 2 == 0 ? MS : 16 * MS / 10);
        References references = references(null);

        CalibrationFailedException e = assertThrows(CalibrationFailedException.class,
                () -> references.calibrate(key, engine, PLAN, () -> false));

        assertTrue(e.getMessage().contains("shifted during each of 3 attempts"), e.getMessage());
        // the third attempt's timed runs are runs 333 to 452: back to 1 ms at run 360, its 27th
        assertTrue(e.getMessage().contains("(the last by -37.5% at run 27)"), e.getMessage());
        assertTrue(e.getMessage().contains("reference none"), e.getMessage());
        assertEquals(Optional.empty(), references.baseline(key));
        assertEquals(List.of(), references.baselines());
        assertEquals(FailureKind.NOT_CALIBRATED, FailureKind.of(e));
    }

    @Test
    void anAnchorCalibratesOnceAndThenReusesTheWarmReference() {
        ScriptedEngine engine = new ScriptedEngine(clock, (network, run) -> 2 * MS);
        References references = references(null);

        References.Anchor first = references.anchor(key, engine, () -> false);
        References.Anchor second = references.anchor(key, engine, () -> false);

        assertEquals(2.0, first.baseline().getMedianMs(), 1e-9);
        assertEquals(first.baseline(), second.baseline(), "calibrated once");
        assertEquals(first.reference(), second.reference(), "the same warm candidate");
        assertEquals(1, engine.built());
        references.discard(key);
        assertTrue(references.anchor(key, engine, () -> false).reference() != first.reference(), "rebuilt");
        assertEquals(2, engine.built());
    }

    private References references(ResultStore store) {
        LatmMetrics metrics = new LatmMetrics(new SimpleMeterRegistry(), Map.of(ScriptedEngine.NAME, Set.of(Dtype.FLOAT32)),
                () -> 0, 1);
        return new References(store, new ReferenceCache(2), new TimingHarness(clock, JitCompilationTime.NONE), PLAN,
                "device", WALL, metrics);
    }
}
