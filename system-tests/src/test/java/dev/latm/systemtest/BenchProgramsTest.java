package dev.latm.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks under bench/ are single-file programs that no Maven module compiles: this keeps them
 * compiling against the classpath they run on (what the cli ships), and bench/run listing them.
 */
class BenchProgramsTest {
    private static final Path BENCH = ExternalTools.repoRoot().resolve("bench");

    @Test
    void everyBenchmarkCompilesAgainstTheCliClasspath(@TempDir Path classes) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK, not a JRE");
        List<Path> programs = programs();
        assertFalse(programs.isEmpty());
        for (Path program : programs) {
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int exit = javac.run(null, diagnostics, diagnostics, "--add-modules", "jdk.incubator.vector",
                    "-Xlint:none", "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                    program.toString());
            assertEquals(0, exit, program.getFileName() + " does not compile:\n" + diagnostics);
        }
    }

    @Test
    void everyBenchmarkSaysWhatItMeasuresAndHowToRunIt() throws Exception {
        for (Path program : programs()) {
            String name = program.getFileName().toString().replace(".java", "");
            List<String> lines = Files.readAllLines(program);
            assertTrue(lines.get(0).startsWith("// " + name + ": "), program + " starts with '// NAME: what'");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("// Run:   bench/run " + name)),
                    program + " says how to run it");
        }
    }

    @Test
    void benchRunListsEveryBenchmarkAndRefusesAnUnknownOne() throws Exception {
        ExternalTools.Result list = ExternalTools.run(BENCH.getParent(), List.of("bash", "bench/run"));
        assertEquals(0, list.exitCode(), list.output());
        for (Path program : programs()) {
            assertTrue(list.output().contains("  " + program.getFileName().toString().replace(".java", ": ")),
                    list.output());
        }
        ExternalTools.Result unknown = ExternalTools.run(BENCH.getParent(), List.of("bash", "bench/run", "Nope"));
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("bench/run: no benchmark 'Nope'"), unknown.output());
    }

    private static List<Path> programs() throws Exception {
        try (Stream<Path> files = Files.list(BENCH)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
