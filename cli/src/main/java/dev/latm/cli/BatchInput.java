package dev.latm.cli;

import dev.latm.cli.search.LocalCompiler;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.model.spec.BlockStrings;
import dev.latm.model.spec.InvalidArchitectureException;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A file of architectures, one per line, either JSON (a line starting with '{', the protobuf JSON
 * mapping of latm.v1.Architecture) or MnasNet block strings separated by commas: {@code latm batch
 * --archs}, {@code latm predict --archs}, {@code latm predictor eval --blocks-file}. Blank lines and
 * lines starting with '#' are skipped. Every line is parsed and compiled up front, so malformed ones
 * stop the command, each named by its number, before anything is measured or predicted.
 */
final class BatchInput {
    private static final int MAX_REPORTED = 20;
    private static final String ALLOWED = "each line: the JSON of a latm.v1.Architecture (starting with '{') or "
            + "MnasNet block strings separated by commas; blank lines and lines starting with # are skipped";

    /**
     * One architecture of the file.
     *
     * @param number         1-based line number in the file
     * @param architecture   the parsed architecture
     * @param architectureId its canonical id at the measured resolution and batch (what a server reports)
     * @param label          its name, or its first block string, for progress lines
     */
    record Line(int number, Architecture architecture, String architectureId, String label) {
    }

    private BatchInput() {
    }

    /**
     * @param flag       the option that named the file ({@code --archs}, {@code --blocks-file}): errors name it
     * @param verb       what the command does to the networks, for "nothing was VERB": measured, predicted
     * @param resolution the measurement's resolution override (0 = each architecture's own)
     * @param batch      the measurement's batch override (0 = each architecture's own)
     * @throws IllegalArgumentException naming {@code flag}, every malformed line by number (the first
     *                                  {@value #MAX_REPORTED}, then how many more) and what a line may hold
     */
    static List<Line> read(String flag, Path file, String verb, int resolution, int batch) {
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + flag + " " + file + ": " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            try {
                Architecture architecture = line.startsWith("{") ? ArchitectureJson.parse(line)
                        : BlockStrings.decode(BlockStrings.split(line));
                String id = LocalCompiler.compile(architecture, resolution, batch).id();
                String label = !architecture.getName().isEmpty() ? architecture.getName()
                        : line.startsWith("{") ? "(unnamed)" : BlockStrings.split(line).get(0) + ",...";
                lines.add(new Line(number, architecture, id, label));
            } catch (InvalidArchitectureException e) {
                problems.add("line " + number + ": " + e.violations().stream().map(Violation::toString)
                        .collect(Collectors.joining("; ")));
            } catch (IllegalArgumentException e) {
                problems.add("line " + number + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            List<String> shown = problems.size() > MAX_REPORTED ? problems.subList(0, MAX_REPORTED) : problems;
            throw new IllegalArgumentException(flag + " " + file + ": " + problems.size() + " malformed line"
                    + (problems.size() == 1 ? "" : "s") + ", nothing was " + verb + ":\n  " + String.join("\n  ", shown)
                    + (problems.size() > shown.size() ? "\n  ... and " + (problems.size() - shown.size()) + " more"
                    : "") + "\n  (" + ALLOWED + ")");
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(flag + " " + file + " holds no architecture (only blank or # lines)");
        }
        return lines;
    }
}
