package dev.latm.client.cli;

/** How a command prints its result. */
enum OutputFormat {
    table, json, csv
}
