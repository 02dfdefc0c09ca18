package dev.latm.cli;

import com.google.gson.JsonParser;
import dev.latm.cli.search.Trial;
import dev.latm.model.spec.ArchitectureJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The trials file of {@code latm search}: one row per trial, written and flushed as each completes. */
final class TrialsCsv implements AutoCloseable {
    static final List<String> COLUMNS = List.of("trial", "lat_ms", "acc", "acc_source", "reward", "device_id",
            "architecture_id", "macs", "params", "from_store", "summary", "error", "arch_json");

    private final BufferedWriter writer;

    private TrialsCsv(BufferedWriter writer) {
        this.writer = writer;
    }

    /** Creates (or, with {@code overwrite}, replaces) the file and writes the header. */
    static TrialsCsv create(Path file, boolean overwrite) throws IOException {
        if (Files.exists(file) && !overwrite) {
            throw new IllegalArgumentException("--out " + file + " exists; pass --overwrite to replace it, or "
                    + "choose another --out");
        }
        TrialsCsv csv = new TrialsCsv(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        csv.emit(Csv.row(COLUMNS));
        return csv;
    }

    void write(Trial t) {
        String json = JsonParser.parseString(ArchitectureJson.print(t.architecture())).toString();
        emit(Csv.row(List.of(Integer.toString(t.number()),
                t.ok() ? format("%.6f", t.latencyMs()) : "",
                t.ok() ? format("%.6f", t.accuracy().value()) : "",
                t.ok() ? t.accuracy().source().name() : "",
                t.ok() ? format("%.6f", t.reward()) : "",
                t.deviceId(), t.architectureId(),
                t.ok() ? Long.toString(t.macs()) : "", t.ok() ? Long.toString(t.params()) : "",
                t.ok() ? Boolean.toString(t.fromStore()) : "",
                t.summary(), t.ok() ? "" : t.error(), json)));
    }

    private void emit(String text) {
        try {
            writer.write(text);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trials: " + e.getMessage(), e);
        }
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
