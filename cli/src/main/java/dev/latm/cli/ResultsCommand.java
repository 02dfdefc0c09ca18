package dev.latm.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.latm.client.results.Column;
import dev.latm.client.results.Columns;
import dev.latm.client.results.Csv;
import dev.latm.client.results.ResultColumns;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
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
                    + "a latency dataset for predictors and lookup tables. The columns are those of every latm "
                    + "result table (as latm batch writes them), then 'architecture'; JSON lines add 'samples_ms' "
                    + "where the samples were kept.")
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
                    out.print(Csv.row(COLUMNS.names()));
                    results.forEach((architecture, response) -> out.print(Csv.row(COLUMNS.values(
                            new StoredResult(architecture, response)))));
                } else {
                    results.forEach((architecture, response) -> {
                        JsonObject row = Json.result(response);
                        row.add("architecture", JsonParser.parseString(ArchitectureJson.print(architecture)));
                        out.println(Json.line(row));
                    });
                }
            }
            out.flush();
            return 0;
        }
    }

    /** A stored measurement with the normalised architecture it was measured as. */
    record StoredResult(Architecture architecture, MeasureResponse response) {
    }

    /** Every column of a measurement, then the normalised architecture as one line of JSON. */
    static final Columns<StoredResult> COLUMNS = ResultColumns.MEASUREMENT.from(StoredResult::response)
            .and(Column.of("architecture", r -> JsonParser.parseString(ArchitectureJson.print(r.architecture()))
                    .toString()));
}
