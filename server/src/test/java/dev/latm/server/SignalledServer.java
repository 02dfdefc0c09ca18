package dev.latm.server;

import java.time.Duration;

/**
 * A latm server process that stops on signals and exits on an escaped OutOfMemoryError as
 * {@code latm server} does, for tests that need a process ({@link ServerProcess}):
 * {@code SignalledServer GRACE_SECONDS [escape-oom]}. It prints {@code ports GRPC METRICS} once it
 * serves; {@code escape-oom} then throws an OutOfMemoryError in a thread of its own, past every handler.
 */
final class SignalledServer {
    private SignalledServer() {
    }

    public static void main(String[] args) throws Exception {
        // the cheap calibration of every test server: the tests judge the drain, not the host's steadiness
        LatmServer server = new LatmServer(ServerConfig.builder().metricsPort(0).deviceId("signalled")
                .calibration(TestServers.CHEAP_CALIBRATION).shutdownGrace(Duration.ofSeconds(Long.parseLong(args[0]))).build()).start().stopOnSignals()
                .exitOnEscapedOutOfMemory();
        System.out.println("ports " + server.port() + " " + server.metricsPort());
        System.out.flush();
        if (args.length > 1 && args[1].equals("escape-oom")) {
            new Thread(() -> {
                throw new OutOfMemoryError("thrown by the test, past every handler");
            }, "test-oom").start();
        }
        server.blockUntilShutdown();
    }
}
