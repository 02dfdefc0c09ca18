package dev.latm.cli;

/** How a command prints its result. */
enum OutputFormat {
    table, json, csv
}
