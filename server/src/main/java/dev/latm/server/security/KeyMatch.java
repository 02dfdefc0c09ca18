package dev.latm.server.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proves that a PEM private key belongs to a PEM certificate by signing a random challenge with the
 * key and verifying it with the certificate's public key. Netty's JDK TLS loads a mismatched pair
 * without complaint and then fails every handshake, so the server checks before it starts.
 */
final class KeyMatch {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private KeyMatch() {
    }

    /**
     * @throws IllegalArgumentException naming both files when the key does not match the certificate,
     *                                  or naming the one that cannot be read as what it should hold
     */
    static void check(Path certChain, Path privateKey) {
        PublicKey certified = firstCertificate(certChain).getPublicKey();
        PrivateKey key = privateKey(privateKey, certified.getAlgorithm(), certChain);
        String algorithm = signatureAlgorithm(certified.getAlgorithm());
        if (algorithm == null) {
            return; // a key type latm does not know how to test: Netty's own checks are all there is
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key the certificate's algorithm cannot use is a mismatch too
        }
        throw mismatch(certChain, privateKey);
    }

    private static Certificate firstCertificate(Path certChain) {
        try (InputStream in = Files.newInputStream(certChain)) {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (!chain.isEmpty()) {
                return chain.iterator().next();
            }
        } catch (IOException | GeneralSecurityException e) {
            // reported below
        }
        throw new IllegalArgumentException("--tls-cert " + certChain + " holds no PEM certificate "
                + "(-----BEGIN CERTIFICATE-----)");
    }

    private static PrivateKey privateKey(Path file, String algorithm, Path certChain) {
        Matcher pem;
        try {
            pem = PKCS8.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalArgumentException("--tls-key " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (!pem.find()) {
            throw new IllegalArgumentException("--tls-key " + file + " holds no unencrypted PKCS#8 PEM key "
                    + "(-----BEGIN PRIVATE KEY-----); convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw mismatch(certChain, file); // not even a key of the certificate's algorithm
        }
    }

    private static IllegalArgumentException mismatch(Path certChain, Path privateKey) {
        return new IllegalArgumentException("the private key --tls-key " + privateKey
                + " does not match the certificate --tls-cert " + certChain
                + "; give the key the certificate was issued for");
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null;
        };
    }
}
