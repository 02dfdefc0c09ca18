package dev.latm.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.latm.client.results.Csv;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an earlier run of {@code latm batch} already wrote to {@code --out}. Rows are keyed by input
 * line number AND architecture id: a line whose architecture changed since (an edited input file, or
 * another --resolution) does not match its old row and is measured again.
 *
 * @param rows          (line, architecture id) -> whether that row failed
 * @param dtypes        the numeric formats of the rows that were measured ({@code float32}, {@code int8})
 * @param droppedTail   whether an incomplete last row (a crash mid-write) was cut off the file
 */
record BatchResume(Map<Key, Boolean> rows, Set<String> dtypes, boolean droppedTail) {

    /** A row's identity. */
    record Key(int line, String architectureId) {
    }

    static BatchResume none() {
        return new BatchResume(Map.of(), Set.of(), false);
    }

    /**
     * Reads {@code file}, cutting off an incomplete last line first (so that appending continues on
     * a fresh line).
     *
     * @throws IllegalArgumentException when the file is not batch output of this format
     */
    static BatchResume read(Path file, OutputFormat format) throws IOException {
        boolean dropped = cutIncompleteTail(file);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<Key, Boolean> rows = new HashMap<>();
        Set<String> dtypes = new TreeSet<>();
        if (format == OutputFormat.csv) {
            List<List<String>> table = Csv.parse(text);
            if (table.isEmpty()) {
                return new BatchResume(rows, dtypes, dropped);
            }
            List<String> columns = BatchRow.COLUMNS.names();
            if (!table.get(0).equals(columns)) {
                // a file of another latm version's columns cannot take rows of these: appending would
                // make a CSV whose rows do not match its header
                throw new IllegalArgumentException("--out " + file + " exists but is not this latm's batch CSV: its "
                        + "header is " + String.join(",", table.get(0)) + ", expected " + String.join(",", columns)
                        + "; move it away or choose another --out");
            }
            int lineColumn = columns.indexOf("line");
            int idColumn = columns.indexOf("architecture_id");
            int errorColumn = columns.indexOf("error");
            int dtypeColumn = columns.indexOf("dtype");
            for (int i = 1; i < table.size(); i++) {
                List<String> row = table.get(i);
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("--out " + file + ": row " + (i + 1) + " has " + row.size()
                            + " fields, expected " + columns.size() + "; fix or remove it to resume");
                }
                rows.put(new Key(lineNumber(row.get(lineColumn), file, i + 1), row.get(idColumn)),
                        !row.get(errorColumn).isEmpty());
                if (row.get(errorColumn).isEmpty()) {
                    dtypes.add(row.get(dtypeColumn));
                }
            }
        } else {
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                try {
                    JsonObject row = JsonParser.parseString(lines[i]).getAsJsonObject();
                    JsonElement error = row.get("error");
                    boolean failed = error != null && !error.isJsonNull();
                    rows.put(new Key(row.get("line").getAsInt(), row.get("architecture_id").getAsString()), failed);
                    if (!failed) {
                        dtypes.add(row.get("dtype").getAsString());
                    }
                } catch (JsonParseException | IllegalStateException | NullPointerException
                         | UnsupportedOperationException | NumberFormatException e) {
                    throw new IllegalArgumentException("--out " + file + ": line " + (i + 1) + " is not a latm batch "
                            + "JSON row; move the file away or choose another --out", e);
                }
            }
        }
        return new BatchResume(rows, dtypes, dropped);
    }

    /**
     * Refuses to resume a file measured in another numeric format: its rows would be skipped as done,
     * though they measured something else (an int8 run on a float32 file would measure nothing).
     *
     * @param dtype the format this run measures, as the rows write it
     */
    void checkDtype(String dtype, Path file) {
        if (!dtypes.isEmpty() && !dtypes.equals(Set.of(dtype))) {
            throw new IllegalArgumentException("--out " + file + " holds " + String.join(" and ", dtypes)
                    + " results and this run measures " + dtype + "; choose another --out");
        }
    }

    private static int lineNumber(String text, Path file, int row) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--out " + file + ": row " + row + " has line '" + text
                    + "', not a number; fix or remove it to resume", e);
        }
    }

    /** Truncates the file after its last line break; true when something was cut. */
    static boolean cutIncompleteTail(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0 || bytes[bytes.length - 1] == '\n') {
            return false;
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(end);
        }
        return true;
    }

    /** Whether the line was already measured (or failed) as this very architecture. */
    boolean has(BatchInput.Line line) {
        return rows.containsKey(new Key(line.number(), line.architectureId()));
    }

    boolean failed(BatchInput.Line line) {
        return Boolean.TRUE.equals(rows.get(new Key(line.number(), line.architectureId())));
    }
}
