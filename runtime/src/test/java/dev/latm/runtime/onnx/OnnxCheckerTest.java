package dev.latm.runtime.onnx;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.runtime.Dtype;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every exported model, float32 and int8, passes the reference {@code onnx.checker} ({@link OnnxChecker}). */
class OnnxCheckerTest {

    @Test
    void everyExportedModelPassesOnnxChecker(@TempDir Path directory) throws Exception {
        List<Path> models = new ArrayList<>();
        for (CompiledArchitecture arch : TestArchitectures.all(0, 1)) {
            for (Dtype dtype : Dtype.values()) {
                Path file = directory.resolve(arch.spec().name() + "." + dtype + ".onnx");
                OnnxExport.write(arch, 1, dtype, file);
                models.add(file);
            }
        }
        OnnxChecker.assertPasses(models);
    }
}
