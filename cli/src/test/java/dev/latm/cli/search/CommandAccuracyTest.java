package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The user's accuracy program, run for real through /bin/sh. */
class CommandAccuracyTest {
    private static final Architecture ARCH = Presets.get("mobilenet_v3_small");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void readsTheLastLineOfStdout() throws Exception {
        Accuracy acc = evaluate("/bin/sh -c 'echo training...; echo 0.7'");
        assertEquals(0.7, acc.value());
        assertEquals(Accuracy.Source.command, acc.source());
    }

    @Test
    void theArchitectureJsonIsOneArgumentInPlaceOfThePlaceholder() throws Exception {
        // $0 is the first argument after the script: the whole JSON, quotes and all
        String script = "case \"$0\" in '{\"name\":\"mobilenet_v3_small\"'*) echo 0.25;; *) echo 0;; esac";
        assertEquals(0.25, evaluate("/bin/sh -c '" + script.replace("'", "'\\''") + "' {arch_json}").value());
    }

    @Test
    void withoutAPlaceholderTheJsonComesOnStdin() throws Exception {
        assertEquals(0.5, evaluate("/bin/sh -c 'read json; case \"$json\" in *HARD_SWISH*) echo 0.5;; esac'").value());
    }

    @Test
    void theEnvironmentNamesTheTrial() throws Exception {
        assertEquals(0.07, evaluate("/bin/sh -c 'echo 0.0$LATM_TRIAL'").value());
    }

    @Test
    void failuresSayWhatWentWrong() {
        assertTrue(failure("/bin/sh -c 'echo out of memory >&2; exit 3'")
                .contains("--accuracy-cmd exited with code 3 on trial 7; its stderr ends:\n    out of memory"));
        assertTrue(failure("/bin/sh -c 'echo done'").contains("printed no number on trial 7 (its last line was "
                + "'done')"));
        assertTrue(failure("/bin/sh -c 'echo 75'").contains("printed 75 on trial 7, outside [0, 1]"));
        assertTrue(failure("/nonexistent/eval").contains("cannot run --accuracy-cmd '/nonexistent/eval' on trial 7"));
    }

    @Test
    void aCommandThatHangsIsKilledAtTheTimeout() {
        CommandAccuracy slow = new CommandAccuracy("/bin/sh -c 'sleep 30; echo 0.5'", Duration.ofMillis(300));
        AccuracyException e = assertThrows(AccuracyException.class, () -> slow.evaluate(2, ARCH, "id"));
        assertTrue(e.getMessage().contains("did not finish within 0.3 s on trial 2"), e.getMessage());
    }

    @Test
    void anEmptyOrBrokenCommandIsRefusedUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new CommandAccuracy("  ", TIMEOUT));
        assertThrows(IllegalArgumentException.class, () -> new CommandAccuracy("sh -c 'echo", TIMEOUT));
    }

    private static Accuracy evaluate(String command) throws InterruptedException {
        return new CommandAccuracy(command, TIMEOUT).evaluate(7, ARCH, "abc");
    }

    private static String failure(String command) {
        return assertThrows(AccuracyException.class, () -> evaluate(command)).getMessage();
    }
}
