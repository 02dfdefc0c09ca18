package dev.latm.server;

import dev.latm.model.spec.BlockStrings;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.server.LatmServer;
import dev.latm.server.ServerConfig;
import dev.latm.runtime.timing.TimingPlan;
import dev.latm.server.metrics.LatmMetrics;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Real latm servers on loopback and cheap measurement settings, shared by the client tests. */
public final class TestServers {
    /** Small and quick: a 64 px input, 3 to 10 timed runs, one warm-up run, at most 0.2 s of it. */
    public static final List<String> CHEAP_FLAGS = List.of("--resolution", "64", "--min-runs", "3", "--max-runs",
            "10", "--warmup-runs", "1", "--warmup-seconds", "0.01", "--warmup-budget-seconds", "0.2");

    /**
     * A reference baseline calibrated in a fraction of a second: 20 to 200 runs within 1 s (warm-up
     * included, which max_time bounds too), to a precision of 99%, which is also the largest shift an
     * attempt tolerates: a shared test machine shifts speed by more than half within a second, and the
     * tests are about what the server does with a baseline, not about the machine (ReferencesTest
     * judges refused calibrations on a scripted device).
     */
    public static final TimingPlan CHEAP_CALIBRATION = new TimingPlan(2, Duration.ofMillis(10), 20, 200,
            Duration.ofSeconds(1), 0.99, false);

    private TestServers() {
    }

    /**
     * {@link #CHEAP_CALIBRATION} as the timing flags of {@code latm calibrate}, which then replace the
     * server's plan: how a test gives the CLI's in-process server (which calibrates with the real plan) a
     * baseline in a fraction of a second before it measures.
     */
    public static final List<String> CHEAP_CALIBRATION_FLAGS = List.of("--min-runs", "20", "--max-runs", "200",
            "--precision", "0.99", "--max-seconds", "1", "--warmup-runs", "2", "--warmup-seconds", "0.01");

    /**
     * A plaintext server on a free loopback port, no metrics endpoint, no store, a cheap calibration: change
     * what a test needs.
     */
    public static ServerConfig.Builder loopback() {
        return ServerConfig.builder().calibration(CHEAP_CALIBRATION);
    }

    public static LatmServer start(ServerConfig.Builder config) throws IOException {
        return new LatmServer(config.build()).start();
    }

    /** {@link #CHEAP_FLAGS} as options. */
    public static MeasurementOptions cheap() {
        return MeasurementOptions.newBuilder().setResolution(64).setMinRuns(3).setMaxRuns(10).setWarmupRuns(1)
                .setWarmupSeconds(0.01).setWarmupBudgetSeconds(0.2).build();
    }

    /** {@code count} distinct small networks (two MnasNet blocks, widths and kernels varied), as block strings. */
    public static List<String> tinyBlockStrings(int count) {
        List<String> networks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int out = 8 * (1 + i % 12);
            int kernel = i < 12 ? 3 : 5;
            networks.add("r1_k3_s11_e1_i16_o16_noskip,r1_k" + kernel + "_s22_e3_i16_o" + out);
        }
        return networks;
    }

    public static List<Architecture> tinyArchitectures(int count) {
        List<Architecture> architectures = new ArrayList<>();
        for (String blocks : tinyBlockStrings(count)) {
            architectures.add(BlockStrings.decode(BlockStrings.split(blocks)));
        }
        return architectures;
    }

    /** How many measurements the server has completed (not counting store hits or failures). */
    public static double measured(LatmServer server) {
        return server.registry().find(LatmMetrics.MEASUREMENTS)
                .tag(LatmMetrics.TAG_OUTCOME, LatmMetrics.Outcome.ok.name()).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Stops every server given; nulls (a server that never started) are skipped. */
    public static void stopAll(LatmServer... servers) throws InterruptedException {
        for (LatmServer server : servers) {
            if (server != null) {
                server.stop();
            }
        }
    }
}
