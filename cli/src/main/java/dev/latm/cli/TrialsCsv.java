package dev.latm.cli;

import com.google.gson.JsonParser;
import dev.latm.cli.search.Trial;
import dev.latm.client.results.Column;
import dev.latm.client.results.Columns;
import dev.latm.client.results.Csv;
import dev.latm.client.results.ResultColumns;
import dev.latm.model.spec.ArchitectureJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The trials file of {@code latm search}: one row per trial, written and flushed as each completes. */
final class TrialsCsv implements AutoCloseable {
    /**
     * The trial number, every column of its measurement, then what the search adds: ACC(m), where
     * it came from, R(m), the choices in short and the architecture as one line of JSON.
     */
    static final Columns<Trial> COLUMNS = Columns.of(Column.<Trial>of("trial", Trial::number))
            .and(ResultColumns.MEASUREMENT.from(Trial::response))
            .and(Column.of("acc", t -> t.ok() ? t.accuracy().value() : null),
                    Column.of("acc_source", t -> t.ok() ? t.accuracy().source().name() : null),
                    Column.of("reward", t -> t.ok() ? t.reward() : null),
                    Column.of("summary", Trial::summary),
                    Column.of("arch_json", t -> JsonParser.parseString(ArchitectureJson.print(t.architecture()))
                            .toString()));

    /** A screened search's trials: {@link #COLUMNS} and the LAT(m) the predictor gave before measuring. */
    static final Columns<Trial> SCREENED_COLUMNS = COLUMNS.and(Column.ms("predicted_ms",
            t -> Double.isNaN(t.predictedMs()) ? null : t.predictedMs()));

    private final FlushedWriter writer;
    private final Columns<Trial> columns;

    private TrialsCsv(FlushedWriter writer, Columns<Trial> columns) {
        this.writer = writer;
        this.columns = columns;
    }

    /** Creates (or, with {@code overwrite}, replaces) the file and writes the header of {@link #COLUMNS}. */
    static TrialsCsv create(Path file, boolean overwrite) throws IOException {
        return create(file, overwrite, COLUMNS);
    }

    /** As {@link #create(Path, boolean)}, with other columns. */
    static TrialsCsv create(Path file, boolean overwrite, Columns<Trial> columns) throws IOException {
        if (Files.exists(file) && !overwrite) {
            throw new IllegalArgumentException("--out " + file + " exists; pass --overwrite to replace it, or "
                    + "choose another --out");
        }
        TrialsCsv csv = new TrialsCsv(new FlushedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                "the trials"), columns);
        csv.writer.write(Csv.row(columns.names()));
        return csv;
    }

    void write(Trial trial) {
        writer.write(Csv.row(columns.values(trial)));
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
