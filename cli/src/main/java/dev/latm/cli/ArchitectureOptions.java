package dev.latm.cli;

import dev.latm.model.spec.ArchitectureJson;
import dev.latm.model.spec.BlockStrings;
import dev.latm.model.spec.NamedArchitectures;
import dev.latm.proto.v1.Architecture;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import picocli.CommandLine.Option;

/** How every command names the network it works on: a preset, a JSON file, or block strings. */
final class ArchitectureOptions {

    @Option(names = "--preset", paramLabel = "NAME", completionCandidates = Names.class,
            description = "A named architecture: ${COMPLETION-CANDIDATES}. The mobilenet_v3_large_* names are "
                    + "the design variants the MobileNetV3 paper compared it with (swish or ReLU in h-swish's places, "
                    + "the original last stage, a 32-filter ReLU stem).")
    String preset;

    @Option(names = "--width-multiplier", paramLabel = "X", defaultValue = "1.0",
            description = "Width multiplier of --preset, channels rounded to multiples of 8 (default: ${DEFAULT-VALUE}).")
    double widthMultiplier;

    @Option(names = "--arch", paramLabel = "FILE.json",
            description = "An architecture in the protobuf JSON mapping of latm.v1.Architecture.")
    Path archFile;

    @Option(names = "--blocks", paramLabel = "STR,STR,...",
            description = "MnasNet block strings, comma-separated, e.g. 'r1_k3_s11_e1_i32_o16_noskip,r2_k3_s22_e6_i16_o24'.")
    String blocks;

    /** What {@code --preset} takes, for its help and shell completion. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NamedArchitectures.names().iterator();
        }
    }

    /** Whether any of the flags names a network (a command that also reads files of them asks). */
    boolean named() {
        return sources() > 0;
    }

    private int sources() {
        return (preset != null ? 1 : 0) + (archFile != null ? 1 : 0) + (blocks != null ? 1 : 0);
    }

    /**
     * @throws IllegalArgumentException unless exactly one source is given, or when it cannot be read
     */
    Architecture architecture() {
        int given = sources();
        if (given != 1) {
            throw new IllegalArgumentException("give exactly one of --preset NAME, --arch FILE.json or --blocks "
                    + "STR,... (got " + given + ")");
        }
        if (widthMultiplier != 1.0 && preset == null) {
            throw new IllegalArgumentException("--width-multiplier applies to --preset; set width_multiplier in "
                    + "the architecture JSON instead");
        }
        if (preset != null) {
            return NamedArchitectures.get(preset, widthMultiplier);
        }
        if (blocks != null) {
            return BlockStrings.decode(BlockStrings.split(blocks));
        }
        try {
            return ArchitectureJson.parse(Files.readString(archFile));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--arch " + archFile + " is not UTF-8 text; it must hold the JSON of a "
                    + "latm.v1.Architecture", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --arch " + archFile + ": " + e.getMessage(), e);
        }
    }
}
