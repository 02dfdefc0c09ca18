package dev.latm.cli;

import dev.latm.model.predict.LatencyDataset;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples file of {@code latm predictor build}: every measured result as a line of the dataset's
 * file form ({@link LatencyDataset#line}), appended and flushed as it arrives, so an interrupted
 * campaign resumes where it stopped (like {@code latm batch}) and the dataset can be refitted without
 * measuring again. Only measured results are written: a failed candidate is tried again next time.
 */
final class SamplesFile implements AutoCloseable {
    private final Path path;
    private final List<LatencyDataset.Row> rows;
    private final boolean droppedTail;
    private BufferedWriter writer;

    private SamplesFile(Path path, List<LatencyDataset.Row> rows, boolean droppedTail) {
        this.path = path;
        this.rows = new ArrayList<>(rows);
        this.droppedTail = droppedTail;
    }

    /**
     * Reads what an earlier run wrote (cutting off a last line it did not finish), or starts a new file.
     *
     * @throws IllegalArgumentException naming the line when the file is not a samples file
     */
    static SamplesFile open(Path path) throws IOException {
        if (!Files.exists(path)) {
            return new SamplesFile(path, List.of(), false);
        }
        boolean dropped = BatchResume.cutIncompleteTail(path);
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return new SamplesFile(path, LatencyDataset.readRows(in), dropped);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--samples-file " + path + ": " + e.getMessage()
                    + "; move it away or choose another --samples-file", e);
        }
    }

    Path path() {
        return path;
    }

    /** Every result in the file, those of this run included, in file order. */
    List<LatencyDataset.Row> rows() {
        return List.copyOf(rows);
    }

    /** Whether an incomplete last line (a run stopped mid-write) was cut off. */
    boolean droppedTail() {
        return droppedTail;
    }

    /** Appends one measured result and flushes it. */
    void append(MeasureResponse result, Architecture architecture) {
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            writer.write(LatencyDataset.line(result, architecture));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --samples-file " + path + ": " + e.getMessage(), e);
        }
        rows.add(new LatencyDataset.Row(rows.size() + 1, result, architecture));
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
