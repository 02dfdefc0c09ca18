package dev.latm.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latm.server.security.TokenCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@code GET /metrics} in the Prometheus text format on its own port, apart from gRPC, so a
 * scrape never competes with the measurement port's flow control. The JDK's HTTP server is enough
 * for one scraper every few seconds.
 */
public final class MetricsEndpoint implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving, open to anyone who reaches the port; port 0 picks a free port (see {@link #port()}). */
    public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry) throws IOException {
        return start(host, port, registry, null);
    }

    /**
     * @param tokens when not null, a scrape must carry {@code Authorization: Bearer TOKEN} (Prometheus:
     *               {@code authorization: {credentials_file: ...}} in the scrape config); others get 401,
     *               a wrong token only after the token check's delay
     */
    public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry, TokenCheck tokens)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", exchange -> {
            TokenCheck.Verdict verdict = tokens == null ? TokenCheck.Verdict.ACCEPTED
                    : tokens.check(exchange.getRequestHeaders().getFirst("Authorization"));
            if (verdict != TokenCheck.Verdict.ACCEPTED) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                if (verdict == TokenCheck.Verdict.WRONG) {
                    // answered from the timer: the one HTTP thread keeps serving scrapes meanwhile
                    tokens.afterFailureDelay(() -> refuse(exchange));
                } else {
                    refuse(exchange);
                }
                return;
            }
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.sendResponseHeaders(404, -1);
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "latm-metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    private static void refuse(HttpExchange exchange) {
        try (exchange) {
            exchange.sendResponseHeaders(401, -1);
        } catch (IOException e) {
            // the scraper hung up: nothing to answer
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
