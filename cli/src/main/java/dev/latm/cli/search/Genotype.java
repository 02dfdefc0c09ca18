package dev.latm.cli.search;

import java.util.ArrayList;
import java.util.List;

/** One point of a {@link SearchSpace}: a {@link StageGene} per stage. Equal genotypes decode to equal networks. */
public record Genotype(List<StageGene> stages) {

    public Genotype {
        stages = List.copyOf(stages);
    }

    /** This genotype with one stage's gene replaced. */
    public Genotype with(int stage, StageGene gene) {
        List<StageGene> changed = new ArrayList<>(stages);
        changed.set(stage, gene);
        return new Genotype(changed);
    }
}
