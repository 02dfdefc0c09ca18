package dev.latm.cli.search;

/**
 * The choices made for one stage: an index into each of the stage's option lists in
 * {@link StageSpace}. Indices rather than values, so that mutation is "pick another index".
 */
public record StageGene(int op, int kernel, int expansion, int se, int skip, int filters, int repeats,
                        int activation) {

    public int get(Dimension dimension) {
        return switch (dimension) {
            case OP -> op;
            case KERNEL -> kernel;
            case EXPANSION -> expansion;
            case SE -> se;
            case SKIP -> skip;
            case FILTERS -> filters;
            case REPEATS -> repeats;
            case ACTIVATION -> activation;
        };
    }

    /** This gene with one choice replaced. */
    public StageGene with(Dimension dimension, int index) {
        return new StageGene(
                dimension == Dimension.OP ? index : op,
                dimension == Dimension.KERNEL ? index : kernel,
                dimension == Dimension.EXPANSION ? index : expansion,
                dimension == Dimension.SE ? index : se,
                dimension == Dimension.SKIP ? index : skip,
                dimension == Dimension.FILTERS ? index : filters,
                dimension == Dimension.REPEATS ? index : repeats,
                dimension == Dimension.ACTIVATION ? index : activation);
    }
}
