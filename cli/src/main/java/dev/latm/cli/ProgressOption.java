package dev.latm.cli;

import picocli.CommandLine.Option;

/** How a command that measures many networks shows its progress. */
final class ProgressOption {

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto, bar, lines or none (default: ${DEFAULT-VALUE}: a bar on a terminal, lines "
                    + "elsewhere). Progress goes to stderr.")
    Progress.Mode mode;
}
