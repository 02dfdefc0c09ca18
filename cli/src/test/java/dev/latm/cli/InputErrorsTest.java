package dev.latm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in what a user gives the CLI (a folder that does not exist, a file that is not a store, a
 * port in use, a malformed block string, a binary file) end with exit 2 and a line that says what to
 * fix, never exit 1 and a Java stack trace.
 */
class InputErrorsTest {

    @Test
    void exportIntoAFolderThatDoesNotExistSaysSo(@TempDir Path dir) {
        Path out = dir.resolve("missing").resolve("model.onnx");
        CliRun run = CliRun.of("export", "--preset", "mobilenet_v3_small", "--out", out.toString());

        assertOneLine(run, "--out " + out + ": the folder " + out.getParent() + " does not exist");
    }

    @Test
    void aStoreThatIsNotSqliteIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path notAStore = dir.resolve("notes.txt");
        Files.writeString(notAStore, "these are notes, not a database\n".repeat(100));

        assertOneLine(CliRun.of("server", "--port", "0", "--metrics-port", "-1", "--store", notAStore.toString()),
                "cannot open the result store " + notAStore);
        assertOneLine(CliRun.of("results", "export", "--store", notAStore.toString()),
                "cannot open the result store " + notAStore);
    }

    @Test
    void aPortInUseIsRefusedNamingTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("server", "--port", "" + taken.getLocalPort(), "--metrics-port", "-1",
                    "--no-store");

            assertOneLine(run, "cannot start the server on 127.0.0.1 (--port " + taken.getLocalPort()
                    + ", --metrics-port -1)");
            assertTrue(run.err().contains("in use"), run.err());
        }
    }

    @Test
    void anEmptyBlockStringIsRefused() {
        String said = refusedBlocks("r1_k3_s11_e1_i16_o16,,");

        assertTrue(said.contains("blocks[1]: is empty"), said);
        assertTrue(said.contains("blocks[2]: is empty"), said);
    }

    @Test
    void aRepeatCountOutOfRangeSaysSo() {
        String said = refusedBlocks("r99999999999_k3_s11_e1_i16_o16");

        assertTrue(said.contains("blocks[0]: 'r99999999999' is out of range (at most 2147483647)"), said);
        assertFalse(said.contains("lacks the 'r' token"), said);
    }

    @Test
    void aBinaryArchitectureFileIsNotUtf8Json(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("arch.json");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, (byte) 0xfe});

        assertOneLine(CliRun.of("analyze", "--arch", binary.toString()),
                "--arch " + binary + " is not UTF-8 text; it must hold the JSON of a latm.v1.Architecture");
    }

    @Test
    void crosscheckRefusesAFormatItDoesNotPrint() {
        // it printed its table for --format csv, as if the flag had been understood
        assertOneLine(CliRun.of("crosscheck", "--preset", "mobilenet_v3_small", "--format", "csv"),
                "--format for crosscheck must be table or json (got csv)");
    }

    /** {@code latm analyze --blocks}, which must refuse them with exit 2; what it said on stderr. */
    private static String refusedBlocks(String blocks) {
        CliRun run = CliRun.of("analyze", "--blocks", blocks);
        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.err());
        return run.err();
    }

    private static void assertOneLine(CliRun run, String message) {
        assertEquals(LatmCli.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(message), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
    }
}
