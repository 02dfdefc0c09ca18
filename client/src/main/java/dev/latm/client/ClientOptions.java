package dev.latm.client;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link LatmClient} connects.
 *
 * @param target         {@code host:port}, or any gRPC target such as {@code dns:///name:port}
 * @param deadline       per-call deadline; measurements can take a while, so be generous
 * @param maxAttempts    attempts per call when the server is UNAVAILABLE (1 = no retry)
 * @param initialBackoff first retry delay; doubles per attempt with jitter, as gRPC retries do
 * @param token          bearer token sent on every call, or null
 * @param trustedCa      PEM CA that signed the server's certificate; turns TLS on; null for plaintext
 * @param clientCert     PEM client certificate for mutual TLS, or null
 * @param clientKey      PEM key of {@code clientCert}, or null
 */
public record ClientOptions(String target, Duration deadline, int maxAttempts, Duration initialBackoff, String token,
                            Path trustedCa, Path clientCert, Path clientKey) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(10);

    public ClientOptions {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target is required, e.g. localhost:50051");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 (got " + maxAttempts + ")");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and the other way round");
        }
    }

    /** Plaintext, no token, 10-minute deadline, up to 5 attempts from 0.5 s backoff. */
    public static ClientOptions plaintext(String target) {
        return new ClientOptions(target, DEFAULT_DEADLINE, 5, Duration.ofMillis(500), null, null, null, null);
    }

    public ClientOptions withDeadline(Duration newDeadline) {
        return new ClientOptions(target, newDeadline, maxAttempts, initialBackoff, token, trustedCa, clientCert,
                clientKey);
    }

    public ClientOptions withToken(String newToken) {
        return new ClientOptions(target, deadline, maxAttempts, initialBackoff, newToken, trustedCa, clientCert,
                clientKey);
    }

    public ClientOptions withTls(Path ca, Path cert, Path key) {
        return new ClientOptions(target, deadline, maxAttempts, initialBackoff, token, ca, cert, key);
    }

    public ClientOptions withRetries(int attempts, Duration backoff) {
        return new ClientOptions(target, deadline, attempts, backoff, token, trustedCa, clientCert, clientKey);
    }
}
