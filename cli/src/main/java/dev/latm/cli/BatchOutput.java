package dev.latm.cli;

import dev.latm.client.results.Csv;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where batch rows go, one at a time and flushed at once, so that a crash (or Ctrl-C) loses
 * nothing already measured: a file opened for appending, or stdout.
 */
final class BatchOutput implements AutoCloseable {
    private final FlushedWriter writer;
    private final OutputFormat format;

    private BatchOutput(FlushedWriter writer, OutputFormat format) {
        this.writer = writer;
        this.format = format;
    }

    /** Appends to {@code file}, writing the CSV header first when the file is new or empty. */
    static BatchOutput appendingTo(Path file, OutputFormat format) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        BatchOutput output = new BatchOutput(new FlushedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), "the results"), format);
        if (fresh) {
            output.header();
        }
        return output;
    }

    /** Writes to the command's stdout (no resume possible), header first. */
    static BatchOutput toStdout(PrintWriter out, OutputFormat format) {
        BatchOutput output = new BatchOutput(FlushedWriter.stdout(out, "the results"), format);
        output.header();
        return output;
    }

    /** Writes one row and flushes it. */
    void write(BatchRow row) {
        writer.write(format == OutputFormat.csv ? Csv.row(BatchRow.COLUMNS.values(row))
                : Json.line(Json.row(BatchRow.COLUMNS, row)) + "\n");
    }

    private void header() {
        if (format == OutputFormat.csv) {
            writer.write(Csv.row(BatchRow.COLUMNS.names()));
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
