package dev.latm.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a command prints its result. */
enum OutputFormat {
    table, json, csv;

    /**
     * Refuses a format the command does not print, before it does any work.
     *
     * @throws IllegalArgumentException naming the command and the formats it prints
     */
    void require(String command, OutputFormat... allowed) {
        if (!Arrays.asList(allowed).contains(this)) {
            throw new IllegalArgumentException("--format for " + command + " must be " + Arrays.stream(allowed)
                    .map(OutputFormat::name).collect(Collectors.joining(" or ")) + " (got " + this + ")");
        }
    }
}
