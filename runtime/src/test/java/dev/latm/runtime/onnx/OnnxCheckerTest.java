package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.runtime.Dtype;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exported model, float32 and int8, passes the reference {@code onnx.checker} (full check) in Python. Skipped
 * where Python's onnx package is missing, unless {@code LATM_REQUIRE_TOOLS=1} (CI sets it),
 * where a missing checker fails the build instead of silently checking nothing.
 */
class OnnxCheckerTest {
    /** Debian's python, where python3-onnx installs; a pyenv python3 on PATH usually lacks onnx. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("src/test/python/check_onnx_models.py");

    @Test
    void everyExportedModelPassesOnnxChecker(@TempDir Path directory) throws Exception {
        requireOnnxPackage();
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        for (CompiledArchitecture arch : TestArchitectures.all(0, 1)) {
            for (Dtype dtype : Dtype.values()) {
                Path file = directory.resolve(arch.spec().name() + "." + dtype + ".onnx");
                OnnxExport.write(arch, 1, dtype, file);
                command.add(file.toString());
            }
        }
        Result result = exec(command);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(TestArchitectures.all(0, 1).size() * Dtype.values().length,
                result.output().lines().filter(l -> l.startsWith("ok ")).count(), result.output());
    }

    private static void requireOnnxPackage() throws Exception {
        Result probe;
        try {
            probe = exec(List.of(PYTHON, "-c", "import onnx; print(onnx.__version__)"));
        } catch (IOException e) {
            probe = new Result(-1, e.getMessage());
        }
        boolean required = "1".equals(System.getenv("LATM_REQUIRE_TOOLS"));
        String why = PYTHON + " cannot import onnx (" + probe.output().strip()
                + "); install it with: apt-get install python3-onnx";
        if (required) {
            assertEquals(0, probe.exitCode(), why + " [LATM_REQUIRE_TOOLS=1]");
        } else {
            Assumptions.assumeTrue(probe.exitCode() == 0, why);
        }
        assertTrue(Files.isRegularFile(SCRIPT), "missing " + SCRIPT.toAbsolutePath());
    }

    private static Result exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // The checker prints one short line per model; reading to the end before waiting cannot deadlock.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("onnx checker did not finish in 5 minutes: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
