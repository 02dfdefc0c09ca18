package dev.latm.cli.search;

import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.SkipOp;
import java.util.List;

/**
 * The options of one stage. The stride is fixed per stage (it sets the resolution schedule, as in
 * MnasNet and MobileNetV3); everything else is a list to choose from.
 *
 * @param stride      stride of the stage's first repeat, 1 or 2
 * @param ops         block operation choices
 * @param kernels     depthwise (or regular) kernel sizes
 * @param expansions  expansion ratios of an INVERTED_BOTTLENECK (ignored by the other ops)
 * @param seRatios    squeeze-and-excitation ratios, 0 = no SE
 * @param skips       skip operations
 * @param filters     output channels
 * @param repeats     number of blocks in the stage
 * @param activations activations of the block
 */
public record StageSpace(int stride, List<ConvOp> ops, List<Integer> kernels, List<Double> expansions,
                         List<Double> seRatios, List<SkipOp> skips, List<Integer> filters, List<Integer> repeats,
                         List<Activation> activations) {

    public StageSpace {
        ops = List.copyOf(ops);
        kernels = List.copyOf(kernels);
        expansions = List.copyOf(expansions);
        seRatios = List.copyOf(seRatios);
        skips = List.copyOf(skips);
        filters = List.copyOf(filters);
        repeats = List.copyOf(repeats);
        activations = List.copyOf(activations);
    }

    /** How many options the stage has along {@code dimension}. */
    public int size(Dimension dimension) {
        return options(dimension).size();
    }

    /** The options along {@code dimension}, as the JSON lists them. */
    public List<?> options(Dimension dimension) {
        return switch (dimension) {
            case OP -> ops;
            case KERNEL -> kernels;
            case EXPANSION -> expansions;
            case SE -> seRatios;
            case SKIP -> skips;
            case FILTERS -> filters;
            case REPEATS -> repeats;
            case ACTIVATION -> activations;
        };
    }

    /** Whether a choice along {@code dimension} changes the network, given the gene's op. */
    public boolean matters(Dimension dimension, StageGene gene) {
        return dimension != Dimension.EXPANSION || ops.get(gene.op()) == ConvOp.INVERTED_BOTTLENECK;
    }

    /** Distinct networks this stage can take: expansion counts only for inverted bottlenecks. */
    public double distinctChoices() {
        double opVariants = 0;
        for (ConvOp op : ops) {
            opVariants += op == ConvOp.INVERTED_BOTTLENECK ? expansions.size() : 1;
        }
        return opVariants * kernels.size() * seRatios.size() * skips.size() * filters.size() * repeats.size()
                * activations.size();
    }
}
