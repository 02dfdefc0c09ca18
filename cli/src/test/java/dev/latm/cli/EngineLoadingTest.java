package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines are created on first use: {@code latm measure --engine java} must never load ONNX Runtime
 * (its 20 MB native library, which may not even load on the host). Checked in a fresh JVM, by the
 * JVM's own class-loading log, since this test JVM has long loaded every engine.
 */
class EngineLoadingTest {
    private static final String ORT_CLASS = "ai.onnxruntime.OrtEnvironment";
    private static final String JAVA_ENGINE_CLASS = "dev.latm.runtime.jvm.JavaEngine";

    @TempDir
    Path dir;

    @Test
    void measuringWithTheJavaEngineNeverLoadsOnnxRuntime() throws Exception {
        // alone: what is checked is which engine loads, not a calibration of the reference in a fresh JVM
        Child measure = latm("measure", "--engine", "java", "--preset", "mobilenet_v3_small", "--resolution", "32",
                "--min-runs", "3", "--max-runs", "5", "--warmup-runs", "1", "--warmup-seconds", "0.01",
                "--warmup-budget-seconds", "0.2", "--reference", "none");

        assertEquals(0, measure.exitCode(), measure.output());
        assertTrue(measure.output().contains("LAT(m)"), measure.output());
        assertTrue(measure.loaded(JAVA_ENGINE_CLASS), "the log shows the java engine loaded");
        assertFalse(measure.loaded(ORT_CLASS), "ONNX Runtime was loaded for a java-engine measurement");
    }

    /** The probe itself: a command that does need ONNX Runtime shows it in the same log. */
    @Test
    void describingTheDeviceLoadsEveryEngine() throws Exception {
        Child info = latm("info");

        assertEquals(0, info.exitCode(), info.output());
        assertTrue(info.loaded(ORT_CLASS), "info reports ONNX Runtime's version, so it loads it");
    }

    private record Child(int exitCode, String output, List<String> classLog) {
        boolean loaded(String className) {
            return classLog.stream().anyMatch(line -> line.contains(" " + className + " "));
        }
    }

    private Child latm(String... args) throws IOException, InterruptedException {
        Path classLog = dir.resolve("classes-" + args[0] + ".log");
        Path output = dir.resolve("output-" + args[0] + ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "--add-modules", "jdk.incubator.vector",
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                LatmCli.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("latm " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Child(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                Files.readAllLines(classLog, StandardCharsets.UTF_8));
    }
}
