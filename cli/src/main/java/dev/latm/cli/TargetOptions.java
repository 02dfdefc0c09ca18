package dev.latm.cli;

import dev.latm.client.ClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where a client command sends its calls, and with which credentials. */
final class TargetOptions {

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "latm server to call, e.g. localhost:50051 or dns:///latm-headless.latm.svc:50051. "
                    + "Without it, an in-process server is started (the embedded mode). batch and search also take a "
                    + "fleet: HOST:PORT,HOST:PORT,... or a dns:/// name resolving to every device.")
    String target;

    @Option(names = "--token-file", paramLabel = "FILE", defaultValue = "${env:LATM_TOKEN_FILE}",
            description = "File holding the bearer token the server requires (env LATM_TOKEN_FILE).")
    Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM CA of the server certificate; turns TLS on.")
    Path trustedCa;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM client certificate, for mutual TLS.")
    Path clientCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM key of --tls-cert.")
    Path clientKey;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "600",
            description = "Per-call deadline in seconds (default: ${DEFAULT-VALUE}).")
    double deadlineSeconds;

    boolean remote() {
        return target != null;
    }

    ClientOptions clientOptions() {
        if (!(deadlineSeconds > 0)) {
            throw new IllegalArgumentException("--deadline must be > 0 seconds (got " + deadlineSeconds + ")");
        }
        return ClientOptions.plaintext(target == null ? "in-process" : target)
                .withDeadline(Duration.ofMillis(Math.round(deadlineSeconds * 1000)))
                .withToken(token())
                .withTls(trustedCa, clientCert, clientKey);
    }

    private String token() {
        if (tokenFile == null) {
            return null;
        }
        try {
            return Files.readString(tokenFile).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --token-file " + tokenFile + ": " + e.getMessage(), e);
        }
    }
}
