package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latm.runtime.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference {@code onnx.checker} (full check, strict shape inference) in Debian's Python, for the
 * tests of every path that writes a model (the engine's export, the Export RPC, {@code latm export}).
 * A test calling it is skipped where Python's onnx package is missing, unless
 * {@code LATM_REQUIRE_TOOLS=1} (CI sets it), where a missing checker fails the build instead of
 * silently checking nothing.
 */
public final class OnnxChecker {
    /** Debian's python, where python3-onnx installs; a pyenv python3 on PATH usually lacks onnx. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("runtime/src/test/python/check_onnx_models.py");

    private OnnxChecker() {
    }

    /** Checks every model; fails the test unless each passes. Skips it where the checker is missing. */
    public static void assertPasses(List<Path> models) throws IOException, InterruptedException {
        Path script = script();
        RequiredTools.assumePythonImports(PYTHON, "onnx", "python3-onnx");
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        models.forEach(model -> command.add(model.toString()));
        Result result = exec(command);
        assertEquals(0, result.exitCode(), result.output());
        assertEquals(models.size(), result.output().lines().filter(l -> l.startsWith("ok ")).count(),
                result.output());
    }

    /** The script, found from any module's directory (tests run in their module's). */
    private static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCRIPT))) {
                return dir.resolve(SCRIPT);
            }
        }
        throw new AssertionError("missing " + SCRIPT + " above " + Path.of("").toAbsolutePath());
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
