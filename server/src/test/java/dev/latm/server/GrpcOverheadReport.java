package dev.latm.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.GetDeviceInfoRequest;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Prints, for the notes, what going through gRPC costs: LAT(m) of mobilenet_v3_large at 224 with the
 * default options on one thread, measured through a real server and in process (the same harness and
 * engine called directly), and the wall time of the Measure call end to end. One throwaway run each,
 * so it reports and asserts nothing about timings. Off by default (it takes a few seconds of full
 * CPU); run it with
 * {@code LATM_OVERHEAD_REPORT=1 mvn -B -q -o -pl server -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest=GrpcOverheadReport}.
 */
@EnabledIfEnvironmentVariable(named = "LATM_OVERHEAD_REPORT", matches = "1")
class GrpcOverheadReport {

    @Test
    void reportGrpcOverheadForMobileNetV3Large() throws Exception {
        Architecture large = Presets.get("mobilenet_v3_large");
        CompiledArchitecture compiled = CompiledArchitecture.compile(large, Limits.DEFAULT);
        OnnxRuntimeEngine engine = OnnxRuntimeEngine.create();

        long inProcessStart = System.nanoTime();
        Measurement direct = new TimingHarness().measure(() -> engine.build(compiled, EngineOptions.DEFAULT),
                TimingPlan.DEFAULT);
        double inProcessWallMs = (System.nanoTime() - inProcessStart) / 1e6;

        MeasureResponse viaGrpc;
        double callWallMs;
        try (TestServer server = TestServer.start(TestServer.config())) {
            // connect first, so that the wall time is the call's, not the channel's connection setup
            server.blocking().getDeviceInfo(GetDeviceInfoRequest.getDefaultInstance());
            long callStart = System.nanoTime();
            viaGrpc = server.blocking().measure(Candidates.request(large, MeasurementOptions.getDefaultInstance()));
            callWallMs = (System.nanoTime() - callStart) / 1e6;
        }
        assertEquals(1, viaGrpc.getOptions().getThreads());

        double grpcMedian = viaGrpc.getLatency().getMedianMs();
        double directMedian = direct.stats().medianMs();
        double serverPhasesMs = viaGrpc.getBuildMs() + viaGrpc.getFirstRunMs() + viaGrpc.getWarmupMs()
                + viaGrpc.getLatency().getRuns() * viaGrpc.getLatency().getMeanMs();
        System.out.printf("%nlatm gRPC overhead, mobilenet_v3_large @224, batch 1, 1 thread, default options"
                        + " (%d logical cores)%n", Runtime.getRuntime().availableProcessors());
        System.out.printf("  LAT(m) via gRPC   : %.3f ms (%d runs, CI half-width %.2f%%, target %s)%n", grpcMedian,
                viaGrpc.getLatency().getRuns(), 100 * viaGrpc.getLatency().getCiHalfWidthRel(),
                viaGrpc.getLatency().getTargetReached() ? "reached" : "not reached");
        System.out.printf("  LAT(m) in process : %.3f ms (%d runs, CI half-width %.2f%%)%n", directMedian,
                direct.stats().runs(), 100 * direct.stats().ciHalfWidthRel());
        System.out.printf("  difference        : %+.3f ms (%+.1f%%)%n", grpcMedian - directMedian,
                100 * (grpcMedian - directMedian) / directMedian);
        System.out.printf("  Measure call wall : %.0f ms end to end; server phases (build %.0f + first run %.1f"
                        + " + warm-up %.0f + timed ~%.0f) = %.0f ms; the rest, %.0f ms, is gRPC, validation and"
                        + " queueing%n", callWallMs, viaGrpc.getBuildMs(), viaGrpc.getFirstRunMs(),
                viaGrpc.getWarmupMs(), viaGrpc.getLatency().getRuns() * viaGrpc.getLatency().getMeanMs(),
                serverPhasesMs, callWallMs - serverPhasesMs);
        System.out.printf("  in-process wall   : %.0f ms for the same harness call%n", inProcessWallMs);
    }
}
