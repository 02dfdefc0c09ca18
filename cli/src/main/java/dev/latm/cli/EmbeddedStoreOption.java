package dev.latm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The result store of the in-process server the measuring commands start without --target. */
final class EmbeddedStoreOption {

    @Option(names = "--store", paramLabel = "FILE",
            description = "Result store of the in-process server (default: none, always measure). "
                    + "Ignored with --target: the server has its own.")
    Path path;
}
