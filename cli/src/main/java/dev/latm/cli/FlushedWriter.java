package dev.latm.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Rows written and flushed one at a time, so that a crash (or Ctrl-C) loses nothing already written;
 * a failed write is an unchecked error that names what was being written.
 */
final class FlushedWriter implements AutoCloseable {
    private final Writer writer;
    private final String what;

    /** @param what what the rows are, for the message of a failed write ("the results") */
    FlushedWriter(Writer writer, String what) {
        this.writer = writer;
        this.what = what;
    }

    /** The command's stdout, which closing only flushes: it belongs to the command line, not to this writer. */
    static FlushedWriter stdout(PrintWriter out, String what) {
        return new FlushedWriter(new FilterWriter(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        }, what);
    }

    /** Writes {@code text} and flushes it. */
    synchronized void write(String text) {
        try {
            writer.write(text);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
