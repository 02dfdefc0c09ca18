package dev.latm.cli.search;

import java.util.SplittableRandom;

/** Uniform random sampling of the space: the baseline every search strategy has to beat. */
public final class RandomSearch implements SearchStrategy {
    private final SearchSpace space;

    public RandomSearch(SearchSpace space) {
        this.space = space;
    }

    @Override
    public Genotype propose(SplittableRandom random) {
        return space.sample(random);
    }

    @Override
    public void observe(Genotype genotype, double reward) {
        // random search learns nothing
    }

    @Override
    public String describe() {
        return "random";
    }
}
