package dev.latm.systemtest;

import dev.latm.runtime.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts and the Debian tools they need, as CI does. */
final class ExternalTools {
    private ExternalTools() {
    }

    record Result(int exitCode, String output) {
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docker"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (a directory with docker/) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Result run(Path workingDir, List<String> command) throws IOException, InterruptedException {
        return run(workingDir, command, Map.of());
    }

    /** Runs a command with extra environment variables; its stdout and stderr together. */
    static Result run(Path workingDir, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /**
     * Skips the test when a tool is missing, unless LATM_REQUIRE_TOOLS=1 (as .ci/run sets after
     * installing them), in which case a missing tool fails it.
     */
    static void assumeAvailable(boolean available, String what) {
        RequiredTools.assumeAvailable(available, what + " is missing (.ci/run installs it)");
    }
}
