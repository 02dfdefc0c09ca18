package dev.latm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.latm.runtime.jvm.JavaEngine;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An engine's version names the code that measures: results are stored under it, so a result must
 * never outlive the code that produced it. The hand-written {@code latm-java-1} did not change when
 * the kernels got faster, and a store filled before returned the old latencies.
 */
class EngineVersionTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/latm/runtime");

    @Test
    void theJavaEnginesVersionIsLatmsVersionPlusAHashOfItsSource() throws Exception {
        String version = new JavaEngine().version();

        assertNotEquals("latm-java-1", version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\+[0-9a-f]{12}"), version);
        assertTrue(version.endsWith("+" + sourceHash(SOURCES.resolve("jvm"))),
                version + " is not the hash of the sources the build saw; rebuild with Maven");
    }

    @Test
    void theOnnxRuntimeEnginesVersionIsOrtsVersionPlusAHashOfLatmsLowering() throws Exception {
        String version = OnnxRuntimeEngine.create().version();

        assertEquals(OrtEnvironment.getEnvironment().getVersion() + "+" + sourceHash(SOURCES.resolve("onnx")),
                version);
    }

    /**
     * The build's hash, recomputed from the tree: SHA-256 over every file in path order, each
     * file's SHA-256 followed by its path relative to {@code directory} (Ant's checksum task with a
     * {@code totalproperty}, which the build runs), the first 12 hex digits.
     */
    static String sourceHash(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest total = sha256();
        for (Path file : files) {
            total.update(sha256().digest(Files.readAllBytes(file)));
            total.update(directory.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(total.digest()).substring(0, 12);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
