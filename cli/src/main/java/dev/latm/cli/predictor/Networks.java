package dev.latm.cli.predictor;

import dev.latm.cli.search.LocalCompiler;
import dev.latm.cli.search.SearchSpace;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The networks a predictor is built and judged on: distinct random points of a search space, the same
 * pushed outside it (other widths and depths), or the presets at several widths. Distinct means
 * distinct canonical ids at the measured resolution and batch, so two genotypes that decode to one
 * network count once, and a network the predictor was trained on can be left out for sure.
 */
public final class Networks {
    /** Widths the presets are judged at: torchvision's own multipliers and one wider. */
    static final double[] PRESET_WIDTHS = {0.5, 0.75, 1.0, 1.3};
    /** How far {@link #outsideSpace} scales a stage's filters. */
    private static final double[] WIDTH_FACTORS = {0.5, 0.75, 1.25, 1.5};

    private Networks() {
    }

    /**
     * {@code count} distinct random networks of {@code space}, named {@code SPACE_sample_N}.
     *
     * @param exclude canonical ids (at {@code resolution} and {@code batch}) to leave out
     * @throws IllegalArgumentException when the space yields fewer distinct networks than asked for
     */
    public static List<Architecture> fromSpace(SearchSpace space, int count, SplittableRandom random, int resolution,
                                               int batch, Set<String> exclude) {
        return sample(count, resolution, batch, exclude, (n, r) -> space.decode(space.sample(r),
                space.name() + "_sample_" + n), random, "the space " + space.name());
    }

    /**
     * {@code count} distinct networks pushed outside {@code space}: random points whose every stage has
     * its filters scaled by 0.5, 0.75, 1.25 or 1.5 (to multiples of 8) and one block more or fewer, named
     * {@code SPACE_outside_N}. Most stages then leave the space's choices (a scaled width can land on
     * another choice): how a predictor does on widths and depths it rarely or never saw.
     */
    public static List<Architecture> outsideSpace(SearchSpace space, int count, SplittableRandom random,
                                                  int resolution, int batch, Set<String> exclude) {
        return sample(count, resolution, batch, exclude, (n, r) -> perturbed(space.decode(space.sample(r),
                space.name() + "_outside_" + n), r), random, "the space " + space.name() + " pushed outside");
    }

    /** Every preset at widths 0.5, 0.75, 1.0 and 1.3, less those excluded, at most {@code count}. */
    public static List<Architecture> presets(int count, int resolution, int batch, Set<String> exclude) {
        List<Architecture> networks = new ArrayList<>();
        for (String name : Presets.names()) {
            for (double width : PRESET_WIDTHS) {
                Architecture preset = Presets.get(name, width).toBuilder().setName(name + "_x" + width).build();
                if (networks.size() < count && !exclude.contains(id(preset, resolution, batch))) {
                    networks.add(preset);
                }
            }
        }
        return networks;
    }

    /** The canonical id a device reports for {@code architecture} measured at {@code resolution} and {@code batch}. */
    public static String id(Architecture architecture, int resolution, int batch) {
        return LocalCompiler.compile(architecture, resolution, batch).id();
    }

    private static List<Architecture> sample(int count, int resolution, int batch, Set<String> exclude,
                                             BiFunction<Integer, SplittableRandom, Architecture> draw,
                                             SplittableRandom random, String source) {
        Map<String, Architecture> networks = new LinkedHashMap<>();
        // a space with fewer distinct points than asked for would loop forever; 50 draws a network is
        // far beyond what a real space needs (duplicates are rare) and still quick to give up on
        int attempts = 50 * count;
        for (int attempt = 0; attempt < attempts && networks.size() < count; attempt++) {
            Architecture network = draw.apply(networks.size() + 1, random);
            String id = id(network, resolution, batch);
            if (!exclude.contains(id)) {
                networks.putIfAbsent(id, network);
            }
        }
        if (networks.size() < count) {
            throw new IllegalArgumentException(source + " gave " + networks.size() + " distinct networks"
                    + (exclude.isEmpty() ? "" : " outside the " + exclude.size() + " left out") + " in " + attempts
                    + " draws, fewer than the " + count + " asked for");
        }
        return List.copyOf(networks.values());
    }

    private static Architecture perturbed(Architecture network, SplittableRandom random) {
        Architecture.Builder outside = network.toBuilder();
        for (int i = 0; i < outside.getStagesCount(); i++) {
            Stage stage = outside.getStages(i);
            int filters = stage.getBlock().getOutChannels();
            int scaled = Math.max(8, 8 * (int) Math.round(filters * WIDTH_FACTORS[random.nextInt(WIDTH_FACTORS.length)]
                    / 8));
            int repeats = Math.max(1, stage.getRepeats() + (random.nextBoolean() ? 1 : -1));
            outside.setStages(i, stage.toBuilder().setRepeats(repeats)
                    .setBlock(stage.getBlock().toBuilder().setOutChannels(scaled)));
        }
        return outside.build();
    }
}
