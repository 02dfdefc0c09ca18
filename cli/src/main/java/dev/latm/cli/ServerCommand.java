package dev.latm.cli;

import dev.latm.model.spec.Limits;
import dev.latm.runtime.EngineRegistry;
import dev.latm.server.LatmServer;
import dev.latm.server.MemoryBudget;
import dev.latm.server.ServerConfig;
import dev.latm.server.security.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code latm server}: the device server. Every flag also reads a LATM_* environment variable. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run the latm device server: the gRPC measurement service (with grpc.health.v1 and "
                + "reflection) and a Prometheus /metrics endpoint. Measurements run one at a time from a bounded "
                + "queue. Stops gracefully on SIGTERM.",
            "Every option defaults to the environment variable named in its description, for containers."})
final class ServerCommand implements Callable<Integer> {

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = "${env:LATM_BIND:-127.0.0.1}",
            description = "Address to listen on (env LATM_BIND; default ${DEFAULT-VALUE}, 0.0.0.0 for all).")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "${env:LATM_PORT:-50051}",
            description = "gRPC port (env LATM_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-port", paramLabel = "N", defaultValue = "${env:LATM_METRICS_PORT:-9464}",
            description = "Prometheus port, -1 to disable (env LATM_METRICS_PORT; default ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--engine", paramLabel = "NAME",
            defaultValue = "${env:LATM_ENGINE:-" + EngineRegistry.DEFAULT_ENGINE + "}",
            description = "Default engine (env LATM_ENGINE; default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:LATM_THREADS:-1}",
            description = "Default intra-op threads (env LATM_THREADS; default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--reference", paramLabel = "NAME",
            defaultValue = "${env:LATM_REFERENCE:-" + ServerConfig.DEFAULT_REFERENCE + "}",
            description = "Default reference network that measurements alternate with, a preset name, or none to "
                    + "time candidates alone; its baseline is calibrated at start unless the store has it (env "
                    + "LATM_REFERENCE; default ${DEFAULT-VALUE}).")
    String reference;

    @Option(names = "--max-interleave", paramLabel = "N", defaultValue = "${env:LATM_MAX_INTERLEAVE:-32}",
            description = "Largest MeasureBatch window (options.interleave) a request may ask (env "
                    + "LATM_MAX_INTERLEAVE; default ${DEFAULT-VALUE}).")
    int maxInterleave;

    @Option(names = "--max-interleave-bytes", paramLabel = "N",
            defaultValue = "${env:LATM_MAX_INTERLEAVE_BYTES:-1073741824}",
            description = "Most weight and activation bytes the candidates of one window hold together (env "
                    + "LATM_MAX_INTERLEAVE_BYTES; default ${DEFAULT-VALUE}).")
    long maxInterleaveBytes;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "${env:LATM_QUEUE:-64}",
            description = "Measurements that may wait; more get RESOURCE_EXHAUSTED (env LATM_QUEUE; default "
                    + "${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--store", paramLabel = "FILE", defaultValue = "${env:LATM_STORE:-${sys:user.home}/.latm/results.db}",
            description = "SQLite result store (env LATM_STORE; default ${DEFAULT-VALUE}).")
    Path store;

    @Option(names = "--no-store", description = "Keep no result store: always measure.")
    boolean noStore;

    @Option(names = "--device-id", paramLabel = "ID", defaultValue = "${env:LATM_DEVICE_ID}",
            description = "Name of this device in results (env LATM_DEVICE_ID; default: the host name).")
    String deviceId;

    @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:LATM_TLS_CERT}",
            description = "PEM certificate chain; with --tls-key turns TLS on (env LATM_TLS_CERT).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:LATM_TLS_KEY}",
            description = "PEM private key (env LATM_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "FILE", defaultValue = "${env:LATM_TLS_CLIENT_CA}",
            description = "PEM CA of client certificates; turns on mutual TLS (env LATM_TLS_CLIENT_CA).")
    Path tlsClientCa;

    @Option(names = "--auth-token-file", paramLabel = "FILE", defaultValue = "${env:LATM_AUTH_TOKEN_FILE}",
            description = "File holding the bearer token every call must carry; health stays open "
                    + "(env LATM_AUTH_TOKEN_FILE).")
    Path tokenFile;

    @Option(names = "--metrics-require-token", defaultValue = "${env:LATM_METRICS_REQUIRE_TOKEN:-false}",
            description = "/metrics requires the --auth-token-file token too, as 'Authorization: Bearer TOKEN' "
                    + "(Prometheus: authorization.credentials_file) (env LATM_METRICS_REQUIRE_TOKEN; default open).")
    boolean metricsRequireToken;

    @Option(names = "--max-resolution", paramLabel = "N", defaultValue = "${env:LATM_MAX_RESOLUTION:-1024}",
            description = "Largest input resolution (default ${DEFAULT-VALUE}).")
    int maxResolution;

    @Option(names = "--max-macs", paramLabel = "N", defaultValue = "${env:LATM_MAX_MACS:-100000000000}",
            description = "Largest multiply-adds per forward pass (default ${DEFAULT-VALUE}).")
    long maxMacs;

    @Option(names = "--max-params", paramLabel = "N", defaultValue = "${env:LATM_MAX_PARAMS}",
            description = "Largest parameter count (default: what the JVM's heap holds, heap / 32 bytes, at most "
                    + "200000000).")
    Long maxParams;

    @Option(names = "--max-activation-bytes", paramLabel = "N", defaultValue = "${env:LATM_MAX_ACTIVATION_BYTES}",
            description = "Largest peak activation memory (default: a quarter of the heap or of the machine's or "
                    + "container's memory, whichever is less, at most 4294967296).")
    Long maxActivationBytes;

    @Option(names = "--max-export-bytes", paramLabel = "N", defaultValue = "${env:LATM_MAX_EXPORT_BYTES}",
            description = "Largest ONNX model Export returns, and the most exports in progress hold at once "
                    + "(default: a sixteenth of the heap, at most 1073741824).")
    Long maxExportBytes;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "${env:LATM_MAX_RUNS:-100000}",
            description = "Largest max_runs a request may ask (default ${DEFAULT-VALUE}).")
    int maxRuns;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "${env:LATM_MAX_SECONDS:-600}",
            description = "Largest max_seconds a request may ask (default ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--predictor", paramLabel = "FILE", split = ":", defaultValue = "${env:LATM_PREDICTORS}",
            description = "Latency predictor file the Predict RPC serves (latm predictor build); repeatable, one "
                    + "per engine/threads/resolution/batch/dtype (env LATM_PREDICTORS, paths separated by ':'). One "
                    + "built on another device or for another engine version stops the server, naming both.")
    List<Path> predictors;

    @Option(names = "--shutdown-grace", paramLabel = "S", defaultValue = "${env:LATM_SHUTDOWN_GRACE:-30}",
            description = "Seconds in-flight work may finish on SIGTERM (default ${DEFAULT-VALUE}).")
    int graceSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (System.getenv("LATM_LOG_LEVEL") == null) {
            // one INFO line per measurement is the server's log; client commands stay quiet
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.INFO);
        }
        LatmServer server;
        try {
            server = new LatmServer(config()).start();
        } catch (IOException e) {
            throw new IOException("cannot start the server on " + bind + " (--port " + port + ", --metrics-port "
                    + metricsPort + "): " + LatmCli.describe(e), e);
        }
        server.stopOnSignals().exitOnEscapedOutOfMemory();
        server.blockUntilShutdown();
        return 0;
    }

    ServerConfig config() throws IOException {
        TlsConfig tls = null;
        if (tlsCert != null || tlsKey != null) {
            tls = new TlsConfig(tlsCert, tlsKey, tlsClientCa);
        } else if (tlsClientCa != null) {
            throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
        }
        String token = tokenFile == null ? null : Files.readString(tokenFile).strip();
        MemoryBudget memory = MemoryBudget.ofThisJvm();
        Limits.Builder limits = memory.limits(Limits.DEFAULT).toBuilder().maxResolution(maxResolution)
                .maxMacs(maxMacs);
        if (maxParams != null) {
            limits.maxParams(maxParams);
        }
        if (maxActivationBytes != null) {
            limits.maxActivationBytes(maxActivationBytes);
        }
        ServerConfig.Builder config = ServerConfig.builder().bindHost(bind).port(port).metricsPort(metricsPort)
                .defaultEngine(engine).defaultThreads(threads).queueCapacity(queue).store(noStore ? null : store)
                .tls(tls).authToken(token).metricsRequireToken(metricsRequireToken).limits(limits.build())
                .maxExportBytes(maxExportBytes == null ? memory.maxExportBytes() : maxExportBytes).maxRuns(maxRuns)
                .maxSeconds(maxSeconds).shutdownGrace(Duration.ofSeconds(graceSeconds))
                .predictors(predictors == null ? List.of() : predictors);
        // a device server calibrates its default reference at once, so that the first request need not wait
        config.defaultReference(reference).maxInterleave(maxInterleave).maxInterleaveBytes(maxInterleaveBytes)
                .calibrateAtStart(true);
        if (deviceId != null && !deviceId.isBlank()) {
            config.deviceId(deviceId);
        }
        return config.build();
    }
}
