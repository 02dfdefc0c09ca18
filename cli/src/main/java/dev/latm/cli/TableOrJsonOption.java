package dev.latm.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The --format of a command that prints one result, as a table or as JSON, and the printing itself. */
final class TableOrJsonOption {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** @throws IllegalArgumentException for csv: the command checks before it measures anything */
    void check() {
        format.require(command.name(), OutputFormat.table, OutputFormat.json);
    }

    /** Prints {@code json} with --format json, else the table, to the command's stdout. */
    void print(Supplier<String> json, Consumer<PrintWriter> table) {
        PrintWriter out = command.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(json.get());
        } else {
            table.accept(out);
        }
        out.flush();
    }
}
