package dev.latm.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools outside the JVM that some tests need (Debian's python3 with a package, promtool): a test is
 * skipped where one is missing, and fails instead under {@code LATM_REQUIRE_TOOLS=1}, which CI sets after
 * installing them, so that CI cannot pass by silently checking nothing. The one home of that rule for
 * every module's tests.
 */
public final class RequiredTools {
    private RequiredTools() {
    }

    /** Skips the test unless {@code available}; fails it instead under {@code LATM_REQUIRE_TOOLS=1}. */
    public static void assumeAvailable(boolean available, String why) {
        if ("1".equals(System.getenv("LATM_REQUIRE_TOOLS"))) {
            if (!available) {
                throw new AssertionError(why + " [LATM_REQUIRE_TOOLS=1]");
            }
            return;
        }
        Assumptions.assumeTrue(available, why);
    }

    /**
     * {@link #assumeAvailable} for {@code python} running {@code import modules}.
     *
     * @param aptPackage the Debian package that installs them, named in the message
     */
    public static void assumePythonImports(String python, String modules, String aptPackage)
            throws InterruptedException {
        int exitCode;
        String output;
        try {
            Process probe = new ProcessBuilder(List.of(python, "-c", "import " + modules)).redirectErrorStream(true)
                    .start();
            // an import error is a few lines: reading to the end before waiting cannot deadlock
            output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(1, TimeUnit.MINUTES)) {
                probe.destroyForcibly();
                throw new AssertionError(python + " did not import " + modules + " within a minute: " + output);
            }
            exitCode = probe.exitValue();
        } catch (IOException e) {
            exitCode = -1;
            output = e.getMessage();
        }
        // the last line of a traceback says what is missing
        String lastLine = output.strip().lines().reduce("", (first, second) -> second);
        assumeAvailable(exitCode == 0, python + " cannot import " + modules + " (" + lastLine
                + "); install it with: apt-get install " + aptPackage);
    }
}
