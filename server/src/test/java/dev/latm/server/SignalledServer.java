package dev.latm.server;

import java.time.Duration;

/**
 * A latm server process that stops on signals as {@code latm server} does, for tests that send it
 * SIGTERM: {@code java -cp TEST_CLASSPATH dev.latm.server.SignalledServer GRACE_SECONDS}. It prints
 * {@code ports GRPC METRICS} once it serves.
 */
final class SignalledServer {
    private SignalledServer() {
    }

    public static void main(String[] args) throws Exception {
        LatmServer server = new LatmServer(ServerConfig.builder().metricsPort(0).deviceId("signalled")
                .shutdownGrace(Duration.ofSeconds(Long.parseLong(args[0]))).build()).start().stopOnSignals();
        System.out.println("ports " + server.port() + " " + server.metricsPort());
        System.out.flush();
        server.blockUntilShutdown();
    }
}
