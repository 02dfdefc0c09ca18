package dev.latm.cli;

import dev.latm.server.store.ResultExport;
import dev.latm.server.store.ResultStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code latm results}: the result store as a latency dataset. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Work with a server's result store.",
        subcommands = ResultsCommand.Export.class)
final class ResultsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Dump every stored measurement, with its normalised architecture, as CSV or JSON lines: "
                    + "a latency dataset for predictors and lookup tables.")
    static final class Export implements Callable<Integer> {

        @Option(names = "--store", paramLabel = "FILE",
                defaultValue = "${env:LATM_STORE:-${sys:user.home}/.latm/results.db}",
                description = "The SQLite result store (env LATM_STORE; default ${DEFAULT-VALUE}).")
        Path store;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
                description = "csv or jsonl (default: ${DEFAULT-VALUE}).")
        String format;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!format.equals("csv") && !format.equals("jsonl")) {
                throw new IllegalArgumentException("--format must be csv or jsonl (got " + format + ")");
            }
            if (!Files.isRegularFile(store)) {
                throw new IllegalArgumentException("no result store at " + store
                        + " (a server writes it; see latm server --store)");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (ResultStore results = ResultStore.open(store)) {
                if (format.equals("csv")) {
                    ResultExport.csv(results, out);
                } else {
                    ResultExport.jsonLines(results, out);
                }
            }
            return 0;
        }
    }
}
