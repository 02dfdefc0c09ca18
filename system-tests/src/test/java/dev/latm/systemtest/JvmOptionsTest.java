package dev.latm.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM options every latm process needs (the Vector API module of the pure-Java engine) are
 * defined once, as the root pom's {@code latm.jvm.args}: the tests get them as surefire's argLine,
 * and every script that starts java passes the @argfile the cli build writes from it.
 */
class JvmOptionsTest {
    private static final Path ROOT = ExternalTools.repoRoot();
    private static final String ARGFILE = "conf/jvm.args";

    @Test
    void theBuildWritesTheRootPomsOptionsAsAJavaArgfile() throws Exception {
        Matcher property = Pattern.compile("<latm\\.jvm\\.args>([^<]+)</latm\\.jvm\\.args>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(property.find(), "the root pom defines latm.jvm.args");
        List<String> options = Files.readAllLines(ROOT.resolve("cli/target").resolve(ARGFILE)).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertEquals(List.of(property.group(1)), options);
    }

    @Test
    void theTestsRunWithTheVectorApi() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "surefire's argLine adds the module");
    }

    @Test
    void everyScriptThatStartsJavaPassesTheArgfileAndNoOptionsOfItsOwn() throws Exception {
        for (String script : List.of("latm", "bench/run", "docker/Dockerfile")) {
            String text = Files.readString(ROOT.resolve(script));
            assertTrue(text.contains("@") && text.contains(ARGFILE), script + " passes java @…/" + ARGFILE);
            assertFalse(text.contains("--add-modules"), script + " repeats an option of latm.jvm.args");
        }
    }
}
