package dev.latm.server;

import dev.latm.model.spec.Limits;
import dev.latm.server.security.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a latm server is started with. The CLI fills it from flags, which default to the
 * {@code LATM_*} environment variables a container sets.
 *
 * @param bindHost          address to listen on; loopback by default, 0.0.0.0 in containers
 * @param port              gRPC port; 0 picks a free one
 * @param metricsPort       Prometheus port; 0 picks a free one, -1 disables the endpoint
 * @param defaultEngine     engine used when a request names none
 * @param defaultThreads    intra-op threads when a request names none
 * @param queueCapacity     measurements that may wait behind the running one
 * @param storePath         SQLite result store; null keeps no store
 * @param tls               TLS (and mutual TLS) settings; null for plaintext
 * @param authToken         required bearer token; null for none
 * @param limits            architecture limits, checked before anything is built
 * @param maxRuns           upper bound on a request's max_runs
 * @param maxSeconds        upper bound on a request's max_seconds
 * @param maxBatchSize      most architectures in one MeasureBatch request
 * @param maxMessageBytes   largest inbound gRPC message
 * @param deviceId          name of this device in every result
 * @param shutdownGrace     how long in-flight work may finish on shutdown
 */
public record ServerConfig(String bindHost, int port, int metricsPort, String defaultEngine, int defaultThreads,
                           int queueCapacity, Path storePath, TlsConfig tls, String authToken, Limits limits,
                           int maxRuns, double maxSeconds, int maxBatchSize, int maxMessageBytes, String deviceId,
                           Duration shutdownGrace) {

    public static final int DEFAULT_PORT = 50051;
    public static final int DEFAULT_METRICS_PORT = 9464;

    public ServerConfig {
        if (defaultThreads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1 (got " + defaultThreads + ")");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("--queue must be >= 1 (got " + queueCapacity + ")");
        }
        if (maxRuns < 1 || maxSeconds <= 0 || maxBatchSize < 1) {
            throw new IllegalArgumentException("--max-runs, --max-seconds and --max-batch-size must be positive");
        }
    }

    /** A loopback server on free ports with no store: what tests and the in-process mode start from. */
    public static ServerConfig loopbackDefaults() {
        return new ServerConfig("127.0.0.1", 0, -1, "onnxruntime", 1, 64, null, null, null, Limits.DEFAULT,
                100_000, 600, 1000, 16 << 20, DeviceIds.local(), Duration.ofSeconds(30));
    }

    public ServerConfig withStore(Path path) {
        return new ServerConfig(bindHost, port, metricsPort, defaultEngine, defaultThreads, queueCapacity, path, tls,
                authToken, limits, maxRuns, maxSeconds, maxBatchSize, maxMessageBytes, deviceId, shutdownGrace);
    }

    public ServerConfig withQueueCapacity(int capacity) {
        return new ServerConfig(bindHost, port, metricsPort, defaultEngine, defaultThreads, capacity, storePath, tls,
                authToken, limits, maxRuns, maxSeconds, maxBatchSize, maxMessageBytes, deviceId, shutdownGrace);
    }

    public ServerConfig withSecurity(TlsConfig newTls, String token) {
        return new ServerConfig(bindHost, port, metricsPort, defaultEngine, defaultThreads, queueCapacity, storePath,
                newTls, token, limits, maxRuns, maxSeconds, maxBatchSize, maxMessageBytes, deviceId, shutdownGrace);
    }

    public ServerConfig withPorts(int grpcPort, int prometheusPort) {
        return new ServerConfig(bindHost, grpcPort, prometheusPort, defaultEngine, defaultThreads, queueCapacity,
                storePath, tls, authToken, limits, maxRuns, maxSeconds, maxBatchSize, maxMessageBytes, deviceId,
                shutdownGrace);
    }

    public ServerConfig withDeviceId(String id) {
        return new ServerConfig(bindHost, port, metricsPort, defaultEngine, defaultThreads, queueCapacity, storePath,
                tls, authToken, limits, maxRuns, maxSeconds, maxBatchSize, maxMessageBytes, id, shutdownGrace);
    }

    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(bindHost, port, metricsPort, defaultEngine, defaultThreads, queueCapacity, storePath,
                tls, authToken, newLimits, maxRuns, maxSeconds, maxBatchSize, maxMessageBytes, deviceId, shutdownGrace);
    }

    public ServerConfig withDefaultEngine(String engine) {
        return new ServerConfig(bindHost, port, metricsPort, engine, defaultThreads, queueCapacity, storePath,
                tls, authToken, limits, maxRuns, maxSeconds, maxBatchSize, maxMessageBytes, deviceId, shutdownGrace);
    }
}
