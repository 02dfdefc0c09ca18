package dev.latm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The result store of the in-process server the measuring commands start without --target. */
final class EmbeddedStoreOption {

    @Option(names = "--store", paramLabel = "FILE",
            description = "Result store of the in-process server (default: none, always measure; the device's "
                    + "reference baselines are kept in LATM_STORE or ~/.latm/results.db all the same, so that separate "
                    + "calls share one scale). Ignored with --target: the server has its own.")
    Path path;
}
