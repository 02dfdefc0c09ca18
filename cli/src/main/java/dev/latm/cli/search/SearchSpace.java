package dev.latm.cli.search;

import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * A factorized hierarchical search space: a fixed stem and head around stages whose block choices
 * are searched. Sampling and mutation draw only from the {@link SplittableRandom} they are given,
 * so a seed fixes the candidates. The JSON format is described in {@link SearchSpaceJson}.
 *
 * @param name       label of the space, used in the names of the networks it decodes
 * @param input      input of every network (resolution, channels, batch)
 * @param stem       the stem, as in latm.v1.Stem
 * @param head       the head, as in latm.v1.Head
 * @param seTemplate how an SE choice > 0 is built (base, rounding, gate); its ratio is the choice
 * @param stages     the searched stages, in order
 */
public record SearchSpace(String name, Input input, Stem stem, Head head, SqueezeExcite seTemplate,
                          List<StageSpace> stages) {

    /** Where {@link #bundled()} reads its JSON from, on the class path. */
    public static final String BUNDLED_RESOURCE = "mobilenet_v3_space.json";

    public SearchSpace {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one stage");
        }
    }

    /** Parses the JSON format of {@link SearchSpaceJson}. */
    public static SearchSpace parse(String json) {
        return SearchSpaceJson.parse(json);
    }

    /** Reads a search-space JSON file. */
    public static SearchSpace load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the search space " + file + ": " + e.getMessage(), e);
        }
    }

    /** The bundled space modelled on MobileNetV3-Large (see the comment in its JSON). */
    public static SearchSpace bundled() {
        try (InputStream in = SearchSpace.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled search space " + BUNDLED_RESOURCE + " is missing");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A uniformly random point: every stage choice drawn independently. */
    public Genotype sample(SplittableRandom random) {
        List<StageGene> genes = new ArrayList<>();
        for (StageSpace stage : stages) {
            int[] index = new int[Dimension.values().length];
            for (Dimension dimension : Dimension.values()) {
                index[dimension.ordinal()] = random.nextInt(stage.size(dimension));
            }
            genes.add(new StageGene(index[0], index[1], index[2], index[3], index[4], index[5], index[6], index[7]));
        }
        return new Genotype(genes);
    }

    /**
     * The mutation of regularized evolution: one stage choice that matters (a dimension with more
     * than one option; the expansion only of an inverted bottleneck) set to another of its options.
     * Returns the genotype unchanged only when the space has a single point.
     */
    public Genotype mutate(Genotype parent, SplittableRandom random) {
        record Site(int stage, Dimension dimension) {
        }
        List<Site> sites = new ArrayList<>();
        for (int stage = 0; stage < stages.size(); stage++) {
            StageGene gene = parent.stages().get(stage);
            for (Dimension dimension : Dimension.values()) {
                if (stages.get(stage).size(dimension) > 1 && stages.get(stage).matters(dimension, gene)) {
                    sites.add(new Site(stage, dimension));
                }
            }
        }
        if (sites.isEmpty()) {
            return parent;
        }
        Site site = sites.get(random.nextInt(sites.size()));
        StageGene gene = parent.stages().get(site.stage());
        int options = stages.get(site.stage()).size(site.dimension());
        // draw among the other options only, so that every mutation changes the network
        int other = random.nextInt(options - 1);
        int current = gene.get(site.dimension());
        return parent.with(site.stage(), gene.with(site.dimension(), other >= current ? other + 1 : other));
    }

    /** The network a genotype stands for. */
    public Architecture decode(Genotype genotype, String networkName) {
        requireShape(genotype);
        Architecture.Builder arch = Architecture.newBuilder().setName(networkName).setInput(input).setStem(stem)
                .setHead(head);
        for (int i = 0; i < stages.size(); i++) {
            StageSpace stage = stages.get(i);
            StageGene gene = genotype.stages().get(i);
            ConvOp op = stage.ops().get(gene.op());
            Block.Builder block = Block.newBuilder().setOp(op).setKernelSize(stage.kernels().get(gene.kernel()))
                    .setStride(stage.stride()).setOutChannels(stage.filters().get(gene.filters()))
                    .setSkip(stage.skips().get(gene.skip())).setActivation(stage.activations().get(gene.activation()));
            if (op == ConvOp.INVERTED_BOTTLENECK) {
                block.setExpandRatio(stage.expansions().get(gene.expansion()));
            }
            double se = stage.seRatios().get(gene.se());
            if (se > 0) {
                block.setSe(seTemplate.toBuilder().setRatio(se));
            }
            arch.addStages(Stage.newBuilder().setBlock(block).setRepeats(stage.repeats().get(gene.repeats())));
        }
        return arch.build();
    }

    /**
     * A one-line human summary, a word per stage: op and kernel, expansion, SE, output filters x
     * repeats, activation, and the skip when it is not the identity, e.g. {@code ib5e6se-40x3-hs}.
     */
    public String summary(Genotype genotype) {
        requireShape(genotype);
        StringJoiner words = new StringJoiner(" ");
        for (int i = 0; i < stages.size(); i++) {
            StageSpace stage = stages.get(i);
            StageGene gene = genotype.stages().get(i);
            ConvOp op = stage.ops().get(gene.op());
            StringBuilder word = new StringBuilder(switch (op) {
                case CONV -> "conv";
                case SEPARABLE_CONV -> "sep";
                default -> "ib";
            }).append(stage.kernels().get(gene.kernel()));
            if (op == ConvOp.INVERTED_BOTTLENECK) {
                word.append('e').append(number(stage.expansions().get(gene.expansion())));
            }
            if (stage.seRatios().get(gene.se()) > 0) {
                word.append("se");
            }
            word.append('-').append(stage.filters().get(gene.filters())).append('x')
                    .append(stage.repeats().get(gene.repeats())).append('-')
                    .append(activation(stage.activations().get(gene.activation())));
            SkipOp skip = stage.skips().get(gene.skip());
            if (skip != SkipOp.IDENTITY) {
                word.append(skip == SkipOp.NONE ? "-noskip" : "-poolskip");
            }
            words.add(word);
        }
        return words.toString();
    }

    /** How many distinct networks the space holds (a double: real spaces overflow a long). */
    public double size() {
        double size = 1;
        for (StageSpace stage : stages) {
            size *= stage.distinctChoices();
        }
        return size;
    }

    private void requireShape(Genotype genotype) {
        if (genotype.stages().size() != stages.size()) {
            throw new IllegalArgumentException("genotype has " + genotype.stages().size() + " stages, the space "
                    + stages.size());
        }
    }

    private static String activation(Activation activation) {
        return switch (activation) {
            case RELU6 -> "r6";
            case HARD_SWISH -> "hs";
            case SWISH -> "sw";
            default -> "re";
        };
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
