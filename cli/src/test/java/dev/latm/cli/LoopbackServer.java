package dev.latm.cli;

import dev.latm.server.LatmServer;
import dev.latm.server.TestServers;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real latm server on loopback for the tests of one class, which the CLI under test calls with
 * {@code --target}: started before the class's first test, stopped after its last. A test class holds
 * it as {@code @RegisterExtension static final LoopbackServer server = ...}.
 */
final class LoopbackServer implements BeforeAllCallback, AfterAllCallback {

    /** Starts the server; it runs before the class's @BeforeAll methods, after its static @TempDir exists. */
    @FunctionalInterface
    interface Starter {
        LatmServer start() throws Exception;
    }

    private final Starter starter;
    private LatmServer server;

    private LoopbackServer(Starter starter) {
        this.starter = starter;
    }

    /** {@link TestServers#loopback()}, naming its results {@code deviceId}. */
    static LoopbackServer named(String deviceId) {
        return of(() -> TestServers.start(TestServers.loopback().deviceId(deviceId)));
    }

    static LoopbackServer of(Starter starter) {
        return new LoopbackServer(starter);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = starter.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        TestServers.stopAll(server);
    }

    LatmServer get() {
        return server;
    }

    /** What {@code --target} takes to call it. */
    String target() {
        return "127.0.0.1:" + server.port();
    }

    /** {@link TestServers#measured}: the measurements it has completed. */
    double measured() {
        return TestServers.measured(server);
    }
}
