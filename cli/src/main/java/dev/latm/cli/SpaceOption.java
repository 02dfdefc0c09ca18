package dev.latm.cli;

import dev.latm.cli.search.SearchSpace;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The search space a command draws networks from. */
final class SpaceOption {

    @Option(names = "--space", paramLabel = "FILE.json",
            description = "Search space (default: the bundled MobileNetV3-like space; latm search --print-space "
                    + "shows it and its format).")
    Path file;

    /** @throws IllegalArgumentException when the file cannot be read or is not a search space */
    SearchSpace load() {
        return file == null ? SearchSpace.bundled() : SearchSpace.load(file);
    }
}
