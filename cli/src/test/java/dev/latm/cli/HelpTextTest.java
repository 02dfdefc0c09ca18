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
            assertHelpFormats(LatmCli.commandLine());
        } finally {
            System.setErr(original);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
    }

    /** Every subcommand's help, nested ones ({@code predictor build}) included. */
    private static void assertHelpFormats(CommandLine command, String... path) {
        for (var subcommand : command.getSubcommands().entrySet()) {
            String[] args = java.util.Arrays.copyOf(path, path.length + 2);
            args[path.length] = subcommand.getKey();
            if (subcommand.getValue().getCommandSpec().mixinStandardHelpOptions()) {
                args[path.length + 1] = "--help";
                assertEquals(0, CliRun.of(args).exitCode(), String.join(" ", args));
            }
            assertHelpFormats(subcommand.getValue(), java.util.Arrays.copyOf(args, path.length + 1));
        }
    }
}
