package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {

    /** picocli formats help text with String.format: a lone '%' garbles it and warns on System.err. */
    @Test
    void everyCommandsHelpFormatsCleanly() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, CliRun.of("--help").exitCode());
            for (String name : LatmCli.commandLine().getSubcommands().keySet()) {
                CommandLine.Model.CommandSpec spec = LatmCli.commandLine().getSubcommands().get(name).getCommandSpec();
                if (spec.mixinStandardHelpOptions()) {
                    assertEquals(0, CliRun.of(name, "--help").exitCode(), name);
                }
            }
        } finally {
            System.setErr(original);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
    }
}
