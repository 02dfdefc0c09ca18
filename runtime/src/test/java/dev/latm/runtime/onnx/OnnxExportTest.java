package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.ModelProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {
    private static final CompiledArchitecture ARCH = TestArchitectures.preset("mobilenet_v3_small", 96, 1);

    @Test
    void writesTheModelTheEngineRunsWithADocString(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("small.onnx");
        Files.writeString(file, "stale content that must be replaced");
        OnnxExport.write(ARCH, 5, file);
        ModelProto written;
        try (InputStream in = Files.newInputStream(file)) {
            written = ModelProto.parseFrom(in);
        }
        assertEquals(OnnxExport.model(ARCH, 5), written);
        assertEquals(OnnxLowering.lower(ARCH.network(), new SeededWeights(5)).getGraph(), written.getGraph());
        assertTrue(written.getDocString().contains(ARCH.id()) && written.getDocString().contains("seed 5"),
                written.getDocString());
    }

    @Test
    void aMissingDirectoryIsAnIoException(@TempDir Path directory) {
        Path file = directory.resolve("no-such-dir").resolve("model.onnx");
        assertThrows(NoSuchFileException.class, () -> OnnxExport.write(ARCH, 5, file));
    }
}
