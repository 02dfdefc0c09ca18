package dev.latm.cli;

import dev.latm.client.ClientOptions;
import dev.latm.client.LatmClient;
import dev.latm.runtime.EngineRegistry;
import dev.latm.server.LatmServer;
import dev.latm.server.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A client for one command: connected to {@code --target}, or to a server started in this process
 * (the embedded mode), which goes through exactly the same gRPC service.
 *
 * @param client   the client every call of the command goes through
 * @param embedded the in-process server, null with --target; stopped on close
 * @param channel  the in-process channel to it, null with --target; shut down on close
 */
record Connection(LatmClient client, LatmServer embedded, ManagedChannel channel) implements AutoCloseable {

    /**
     * @param store result store of the embedded server, or null to keep no results (ignored with --target);
     *              without one the embedded server still keeps the device's reference baselines, in
     *              {@link #deviceStore()}, so that separate commands share one calibrated scale
     */
    static Connection open(TargetOptions target, Path store) {
        return open(target, store, target.clientOptions());
    }

    /** As {@link #open(TargetOptions, Path)}, with other client options (batch: a deadline per stream). */
    static Connection open(TargetOptions target, Path store, ClientOptions options) {
        if (target.remote()) {
            return new Connection(LatmClient.connect(options), null, null);
        }
        String name = "latm-embedded-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        ServerConfig config = ServerConfig.builder().store(store != null ? store : deviceStore())
                .keepResults(store != null).build();
        LatmServer server = new LatmServer(config, InProcessServerBuilder.forName(name), EngineRegistry.standard());
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded server", e);
        }
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        return new Connection(LatmClient.over(channel, options), server, channel);
    }

    /**
     * Where this machine's server keeps its store by default ({@code LATM_STORE}, else
     * {@code ~/.latm/results.db}, as {@code latm server}): the embedded server keeps the device's
     * baselines there when it is given no {@code --store}.
     */
    static Path deviceStore() {
        String configured = System.getenv("LATM_STORE");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".latm", "results.db");
    }

    @Override
    public void close() {
        client.close();
        if (channel != null) {
            channel.shutdownNow();
        }
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
