package dev.latm.cli.search;

import com.google.gson.JsonParser;
import dev.latm.model.spec.ArchitectureJson;
import dev.latm.proto.v1.Architecture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ACC(m) from the user's own program: typically "train briefly and evaluate", or a lookup in a
 * table of trained accuracies. The architecture goes in as compact JSON (the protobuf JSON mapping
 * of latm.v1.Architecture, proto field names): substituted for every {@value #PLACEHOLDER} in the
 * command's words, each staying one argument, or on standard input when there is no placeholder.
 * The environment also carries {@code LATM_TRIAL} and {@code LATM_ARCHITECTURE_ID}.
 *
 * <p>The program must exit 0 and print the accuracy, a number in [0, 1], as the last non-blank line
 * of its standard output (earlier lines are free for logging). Anything else stops the search with
 * a message that says what went wrong, including the end of the program's standard error.
 */
public final class CommandAccuracy implements AccuracySource {
    /** Where the architecture JSON goes in the command's words. */
    public static final String PLACEHOLDER = "{arch_json}";
    private static final int STDERR_TAIL_CHARS = 600;

    private final String commandLine;
    private final List<String> words;
    private final Duration timeout;

    /**
     * @param commandLine the command, split into words like a shell does (quotes, no expansion)
     * @param timeout     how long one evaluation may run before it is killed
     * @throws IllegalArgumentException when the command is empty or its quoting is broken
     */
    public CommandAccuracy(String commandLine, Duration timeout) {
        this.commandLine = commandLine;
        this.words = CommandWords.split(commandLine);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("--accuracy-cmd is empty; give a program, e.g. 'python eval.py "
                    + PLACEHOLDER + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the accuracy timeout must be > 0 (got " + timeout + ")");
        }
        this.timeout = timeout;
    }

    @Override
    public Accuracy evaluate(int trial, Architecture architecture, String architectureId)
            throws InterruptedException {
        String json = JsonParser.parseString(ArchitectureJson.print(architecture)).toString();
        boolean substituted = words.stream().anyMatch(w -> w.contains(PLACEHOLDER));
        List<String> argv = new ArrayList<>();
        for (String word : words) {
            argv.add(word.replace(PLACEHOLDER, json));
        }
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("latm-acc-", ".out");
            stderr = Files.createTempFile("latm-acc-", ".err");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().put("LATM_TRIAL", Integer.toString(trial));
            builder.environment().put("LATM_ARCHITECTURE_ID", architectureId);
            if (substituted) {
                builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            }
            Process process = start(builder, trial);
            if (!substituted) {
                feed(process, json);
            }
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(process);
                throw e;
            }
            if (!finished) {
                kill(process);
                throw new AccuracyException("--accuracy-cmd did not finish within " + seconds(timeout)
                        + " s on trial " + trial + " (raise --accuracy-timeout, or make the evaluation cheaper)");
            }
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AccuracyException("--accuracy-cmd exited with code " + process.exitValue() + " on trial "
                        + trial + tail(err));
            }
            return new Accuracy(parse(Files.readString(stdout, StandardCharsets.UTF_8), trial, err),
                    Accuracy.Source.command);
        } catch (IOException e) {
            throw new AccuracyException("--accuracy-cmd: cannot capture its output: " + e.getMessage(), e);
        } finally {
            delete(stdout);
            delete(stderr);
        }
    }

    private Process start(ProcessBuilder builder, int trial) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AccuracyException("cannot run --accuracy-cmd '" + commandLine + "' on trial " + trial + ": "
                    + e.getMessage() + " (is '" + words.get(0) + "' an executable on PATH?)", e);
        }
    }

    /** Writes the JSON to the program's stdin; a program that does not read it may close it early. */
    private static void feed(Process process, String json) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(json.getBytes(StandardCharsets.UTF_8));
            in.write('\n');
        } catch (IOException ignored) {
            // broken pipe: the program exited or closed stdin without reading; its exit code tells
        }
    }

    private static double parse(String out, int trial, String err) {
        String last = "";
        for (String line : out.split("\\R")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        double value;
        try {
            value = Double.parseDouble(last);
        } catch (NumberFormatException e) {
            throw new AccuracyException("--accuracy-cmd printed no number on trial " + trial + " (its last line was '"
                    + abbreviate(last) + "'); it must print the accuracy in [0, 1] as its last line" + tail(err));
        }
        if (!(value >= 0 && value <= 1)) {
            throw new AccuracyException("--accuracy-cmd printed " + last + " on trial " + trial
                    + ", outside [0, 1]; print a fraction (0.75, not 75)");
        }
        return value;
    }

    private static void kill(Process process) throws InterruptedException {
        // children first: 'sh -c "sleep 100"' would otherwise leave the sleep running
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static String tail(String err) {
        String trimmed = err.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        String end = trimmed.length() > STDERR_TAIL_CHARS
                ? "..." + trimmed.substring(trimmed.length() - STDERR_TAIL_CHARS) : trimmed;
        return "; its stderr ends:\n    " + end.replace("\n", "\n    ");
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void delete(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    @Override
    public String describe() {
        return "ACC from --accuracy-cmd: " + commandLine;
    }
}
