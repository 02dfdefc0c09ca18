package dev.latm.cli;

import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Violation;
import dev.latm.runtime.EngineUnavailableException;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code latm} command: one subcommand class per job. */
@Command(name = "latm",
        mixinStandardHelpOptions = true,
        versionProvider = LatmCli.Version.class,
        description = {"Latency measurement for hardware-aware neural architecture search.", ""},
        subcommands = {MeasureCommand.class, AnalyzeCommand.class, ExportCommand.class, InfoCommand.class,
            ServerCommand.class, HealthCommand.class, ResultsCommand.class, BatchCommand.class, SearchCommand.class,
            PredictCommand.class, PredictorCommand.class,
            CrosscheckCommand.class, CalibrateCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes:", "  0  ok", "  1  internal error",
            "  2  bad input (every violation is printed on stderr)",
            "  3  the server refused the request (limit, full queue, authentication)",
            "  4  the server is unreachable", "",
            "Run 'latm COMMAND --help' for a command's options."})
public final class LatmCli implements Runnable {

    /** Invalid input: a malformed architecture, an unknown preset, a bad flag. */
    public static final int EXIT_BAD_INPUT = 2;
    /** The server refused: over a limit, queue full, unauthenticated. */
    public static final int EXIT_REFUSED = 3;
    /** The server could not be reached. */
    public static final int EXIT_UNREACHABLE = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it in process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LatmCli());
        cli.setExecutionExceptionHandler(LatmCli::handleException);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handleException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof InvalidArchitectureException invalid) {
            err.println("latm: invalid architecture (" + invalid.violations().size() + " violations):");
            for (Violation violation : invalid.violations()) {
                err.println("  " + violation);
            }
            return EXIT_BAD_INPUT;
        }
        if (e instanceof StatusRuntimeException status) {
            return StatusExit.report(status, err);
        }
        if (e instanceof IllegalArgumentException) {
            err.println("latm: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            // a file or port the user named (a folder that does not exist, a store that is not SQLite, a port
            // in use): what to fix is in the message, a stack trace would only bury it
            err.println("latm: " + describe(e));
            return EXIT_BAD_INPUT;
        }
        if (e instanceof EngineUnavailableException) {
            // this host's fault, not the input's, and the message says why: no stack trace
            err.println("latm: " + e.getMessage());
            return 1;
        }
        err.println("latm: " + e);
        e.printStackTrace(err);
        return 1;
    }

    /**
     * A failure's message and its causes' messages, each once, without exception class names:
     * "Failed to bind to address /127.0.0.1:50051: Address already in use".
     */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message == null || message.isBlank() || text.indexOf(message) >= 0) {
                continue;
            }
            // a wrapper's message is often its cause's toString(): keep the cause's own words instead
            if (cause.getCause() != null && message.equals(cause.getCause().toString())) {
                continue;
            }
            text.append(text.length() == 0 ? "" : ": ").append(message);
        }
        return text.length() == 0 ? failure.toString() : text.toString();
    }

    /** Reads the version Maven wrote into the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LatmCli.class.getPackage().getImplementationVersion();
            return new String[] {"latm " + (version == null ? "(development build)" : version)};
        }
    }
}
