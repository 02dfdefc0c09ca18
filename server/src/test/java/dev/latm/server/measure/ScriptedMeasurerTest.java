package dev.latm.server.measure;

import static dev.latm.runtime.timing.FakeClock.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.BlockStrings;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.AnchoredLatency;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.proto.v1.ReferenceBaseline;
import dev.latm.proto.v1.WarmupOutcome;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.timing.InterleavedRunner;
import dev.latm.runtime.timing.FakeClock;
import dev.latm.runtime.timing.JitCompilationTime;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.server.ServerConfig;
import dev.latm.server.metrics.LatmMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The measurement use case on a scripted device that slows down by 30% after its baseline was
 * calibrated: LAT(m) (normalized_ms) stays what it was, the raw median does not, and the result says how
 * slow the device ran. Exact: every run takes its scripted time on a fake clock.
 */
class ScriptedMeasurerTest {
    /** The reference (mobilenet_v3_small at 224) runs in 2 ms, any other network in 5 ms, at nominal speed. */
    private static final long REFERENCE_NANOS = 2 * MS;
    private static final long CANDIDATE_NANOS = 5 * MS;
    /** 100 timed pairs exactly (so the slowdown falls inside them), after a warm-up of 2 runs at least. */
    private static final MeasurementOptions OPTIONS = MeasurementOptions.newBuilder().setMinRuns(100).setMaxRuns(100)
            .setWarmupRuns(2).setWarmupSeconds(0.01).setWarmupBudgetSeconds(1).build();

    private final FakeClock clock = new FakeClock();
    private final String referenceId = References.compile("mobilenet_v3_small").id();
    private final ScriptedEngine engine = new ScriptedEngine(clock,
            (network, run) -> network.id().equals(referenceId) ? REFERENCE_NANOS : CANDIDATE_NANOS);
    private final MeasurementScheduler scheduler = new MeasurementScheduler(4);
    private final Measurer measurer = measurer();

    @AfterEach
    void stop() throws InterruptedException {
        scheduler.close();
    }

    @Test
    void anAnchoredLatStaysPutWhenTheDeviceSlowsDownAndSaysHowSlowItRan() throws Exception {
        ReferenceBaseline baseline = measurer.calibrate(MeasurementOptions.getDefaultInstance()).result()
                .get(10, TimeUnit.SECONDS);
        assertEquals(2.0, baseline.getMedianMs(), 1e-9);

        // 30% slower from 0.3 s on: after the candidate's warm-up (~31 pairs of 7 ms), early in its timed pairs
        engine.slowDown(300 * MS, 1.3);
        MeasureResponse response = measure(candidate(16), OPTIONS);

        AnchoredLatency anchored = response.getAnchored();
        assertEquals("mobilenet_v3_small", anchored.getReference());
        assertEquals(2.5, anchored.getRelative(), 0.0025);
        assertEquals(2.0, anchored.getBaselineMs(), 1e-9);
        assertEquals(anchored.getRelative() * anchored.getBaselineMs(), anchored.getNormalizedMs(), 1e-9);
        assertEquals(5.0, anchored.getNormalizedMs(), 0.1, "within 2% of the candidate's time at calibration");
        assertEquals(anchored.getNormalizedMs(), response.getLatMs());
        assertEquals(6.5, response.getLatency().getMedianMs(), 1e-9, "the raw median is 30% off");
        assertEquals(2.6, anchored.getReferenceMedianMs(), 1e-9);
        assertEquals(1.3, anchored.getDeviceSpeedRatio(), 1e-9);
        assertEquals(100, anchored.getPairs());
        assertTrue(response.getStationarity().getStationary(), "the ratios kept one level");
        assertEquals(WarmupOutcome.STEADY, response.getWarmupOutcome());
        assertTrue(response.getLatency().getTargetReached(), "the ratios met the precision");
    }

    @Test
    void withoutAReferenceLatIsTheRawMedianAndNothingIsAnchored() throws Exception {
        engine.slowDown(0, 1.3);
        MeasureResponse response = measure(candidate(16), OPTIONS.toBuilder().setReference("none")
                .clearWarmupBudgetSeconds().build());

        assertFalse(response.hasAnchored());
        assertEquals(6.5, response.getLatency().getMedianMs(), 1e-9);
        assertEquals(response.getLatency().getMedianMs(), response.getLatMs());
        assertEquals(3, response.getOptions().getWarmupBudgetSeconds(), "the budget of a warm-up alone");
        assertEquals(0, engine.built() - 1, "no reference was built");
    }

    @Test
    void anInterleavedBatchKeepsEveryLatWhenTheDeviceSlowsDownMidway() throws Exception {
        measurer.calibrate(MeasurementOptions.getDefaultInstance()).result().get(10, TimeUnit.SECONDS);
        engine.slowDown(500 * MS, 1.3);
        List<Architecture> batch = List.of(candidate(16), candidate(24), candidate(32), candidate(40));
        List<Integer> order = new ArrayList<>();
        MeasureResponse[] responses = new MeasureResponse[batch.size()];
        CompletableFuture<Void> done = measurer.submitBatch(batch, OPTIONS.toBuilder().setInterleave(4).build(),
                new BatchRun.Listener() {
                    @Override
                    public void completed(int index, MeasureResponse response) {
                        order.add(index);
                        responses[index] = response;
                    }

                    @Override
                    public void failed(int index, Throwable failure) {
                        throw new AssertionError("candidate " + index + " failed", failure);
                    }
                }).result();
        done.get(10, TimeUnit.SECONDS);

        assertEquals(List.of(0, 1, 2, 3), order.stream().sorted().toList(), "each once");
        for (MeasureResponse response : responses) {
            assertEquals(5.0, response.getLatMs(), 0.1, response.getName());
            assertEquals(5.0, response.getAnchored().getNormalizedMs(), 0.1);
            assertTrue(response.getLatency().getMedianMs() > 6, "raw " + response.getLatency().getMedianMs());
        }
    }

    private MeasureResponse measure(Architecture architecture, MeasurementOptions options) throws Exception {
        return measurer.submit(architecture, options).result().get(10, TimeUnit.SECONDS);
    }

    /** A small network of its own id (two MnasNet blocks, {@code out} channels). */
    private static Architecture candidate(int out) {
        return BlockStrings.decode(BlockStrings.split("r1_k3_s11_e1_i16_o16_noskip,r1_k3_s22_e3_i16_o" + out))
                .toBuilder().setName("c" + out).build();
    }

    private Measurer measurer() {
        ServerConfig config = ServerConfig.builder().defaultEngine(ScriptedEngine.NAME).deviceId("scripted-device")
                .calibration(new TimingPlan(2, Duration.ofMillis(10), 50, 50, Duration.ofSeconds(10), 0.01, false))
                .build();
        EngineRegistry engines = new EngineRegistry(List.of(
                new EngineRegistry.Entry(ScriptedEngine.NAME, Set.of(Dtype.FLOAT32), () -> engine)));
        LatmMetrics metrics = new LatmMetrics(new SimpleMeterRegistry(), engines.dtypesByName(), scheduler::depth, 4);
        TimingHarness harness = new TimingHarness(clock, JitCompilationTime.NONE);
        DeviceTiming timing = new DeviceTiming(harness, new InterleavedRunner(clock, JitCompilationTime.NONE,
                new Random(10)), new References(null, new ReferenceCache(2), harness, config.calibration(),
                config.deviceId(), Clock.systemUTC(), metrics));
        return new Measurer(config, engines, new OptionsResolver(config, engines), scheduler, null, metrics, timing,
                Clock.systemUTC());
    }
}
