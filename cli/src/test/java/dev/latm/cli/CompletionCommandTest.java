package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompletionCommandTest {

    @Test
    void printsABashCompletionScriptForEveryCommand() {
        CliRun run = CliRun.of("completion");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("complete -F _complete_latm"), run.out());
        for (String word : new String[] {"batch", "search", "measure", "--archs", "--accuracy-cmd", "--target-ms"}) {
            assertTrue(run.out().contains(word), word);
        }
    }
}
