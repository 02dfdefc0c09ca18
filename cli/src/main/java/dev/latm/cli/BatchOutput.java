package dev.latm.cli;

import dev.latm.client.results.Csv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where batch rows go, one at a time and flushed at once, so that a crash (or Ctrl-C) loses
 * nothing already measured: a file opened for appending, or stdout.
 */
final class BatchOutput implements AutoCloseable {
    private final Writer writer;
    private final OutputFormat format;
    private final boolean ownsWriter;

    private BatchOutput(Writer writer, OutputFormat format, boolean ownsWriter) {
        this.writer = writer;
        this.format = format;
        this.ownsWriter = ownsWriter;
    }

    /** Appends to {@code file}, writing the CSV header first when the file is new or empty. */
    static BatchOutput appendingTo(Path file, OutputFormat format) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        BatchOutput output = new BatchOutput(writer, format, true);
        if (fresh) {
            output.header();
        }
        return output;
    }

    /** Writes to the command's stdout (no resume possible), header first. */
    static BatchOutput toStdout(PrintWriter out, OutputFormat format) {
        BatchOutput output = new BatchOutput(out, format, false);
        output.header();
        return output;
    }

    /** Writes one row and flushes it. */
    synchronized void write(BatchRow row) {
        emit(format == OutputFormat.csv ? Csv.row(BatchRow.COLUMNS.values(row))
                : Json.line(Json.row(BatchRow.COLUMNS, row)) + "\n");
    }

    private void header() {
        if (format == OutputFormat.csv) {
            emit(Csv.row(BatchRow.COLUMNS.names()));
        }
    }

    private void emit(String text) {
        try {
            writer.write(text);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (ownsWriter) {
            writer.close();
        } else {
            writer.flush();
        }
    }
}
