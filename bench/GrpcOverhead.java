// GrpcOverhead: LAT(m) through a real server against in process, and the Measure call's wall time.
//
// What going through gRPC costs: LAT(m) of mobilenet_v3_large at 224 with the default options on one
// thread, measured through a real latm server on loopback and in process (the same harness and
// engine called directly), and the wall time of the Measure call end to end, split into the
// server's phases and the rest (gRPC, validation, queueing).
//
// Run:   bench/run GrpcOverhead          (one run of each; some seconds of full CPU)

import dev.latm.client.ClientOptions;
import dev.latm.client.LatmClient;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.server.LatmServer;
import dev.latm.server.ServerConfig;
import java.time.Duration;

public final class GrpcOverhead {
    private GrpcOverhead() {
    }

    public static void main(String[] args) throws Exception {
        Architecture large = Presets.get("mobilenet_v3_large");
        CompiledArchitecture compiled = CompiledArchitecture.compile(large, Limits.DEFAULT);
        OnnxRuntimeEngine engine = OnnxRuntimeEngine.create();

        long inProcessStart = System.nanoTime();
        Measurement direct = new TimingHarness().measure(() -> engine.build(compiled, EngineOptions.DEFAULT),
                TimingPlan.DEFAULT);
        double inProcessWallMs = (System.nanoTime() - inProcessStart) / 1e6;

        MeasureResponse viaGrpc;
        double callWallMs;
        // no metrics endpoint, no store: the server measures, nothing else
        LatmServer server = new LatmServer(ServerConfig.builder().port(0).metricsPort(-1).build()).start();
        try (LatmClient client = LatmClient.connect(ClientOptions.plaintext("127.0.0.1:" + server.port())
                .withDeadline(Duration.ofMinutes(5)))) {
            // connect first, so that the wall time is the call's, not the channel's connection setup
            client.deviceInfo();
            long callStart = System.nanoTime();
            viaGrpc = client.measure(large, MeasurementOptions.getDefaultInstance());
            callWallMs = (System.nanoTime() - callStart) / 1e6;
        } finally {
            server.stop();
        }
        if (viaGrpc.getOptions().getThreads() != 1) {
            throw new IllegalStateException("expected the default of one thread, got " + viaGrpc.getOptions());
        }

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
