package dev.latm.server.security;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Server TLS from PEM files: a certificate chain and its private key, and optionally a client CA,
 * which turns on mutual TLS (clients without a certificate signed by it are refused). The key is
 * checked against the certificate when the configuration is made, so a mismatched pair stops the
 * server from starting rather than failing every handshake.
 */
public record TlsConfig(Path certChain, Path privateKey, Path clientCa) {

    public TlsConfig {
        requireReadable(certChain, "--tls-cert");
        requireReadable(privateKey, "--tls-key");
        if (clientCa != null) {
            requireReadable(clientCa, "--tls-client-ca");
        }
        KeyMatch.check(certChain, privateKey);
    }

    public boolean mutual() {
        return clientCa != null;
    }

    public SslContext serverContext() throws SSLException {
        SslContextBuilder builder = GrpcSslContexts.forServer(certChain.toFile(), privateKey.toFile());
        if (clientCa != null) {
            builder.trustManager(clientCa.toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return builder.build();
    }

    private static void requireReadable(Path path, String flag) {
        if (path == null) {
            throw new IllegalArgumentException(flag + " is required for TLS");
        }
        File file = path.toFile();
        if (!Files.isReadable(path) || !file.isFile()) {
            throw new IllegalArgumentException(flag + " " + path + " is not a readable file");
        }
    }
}
