package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RegularizedEvolutionTest {
    private static final SearchSpace SPACE = SearchSpace.bundled();

    @Test
    void startsRandomThenMutatesTheBestOfTheSampleAndAgesOutTheOldest() {
        // sample = population: every tournament sees every member, so the parent is the best one
        RegularizedEvolution evolution = new RegularizedEvolution(SPACE, 3, 3);
        SplittableRandom random = new SplittableRandom(11);
        SplittableRandom sameDraws = new SplittableRandom(11);
        List<Genotype> initial = new ArrayList<>();
        double[] rewards = {0.9, 0.5, 0.7};
        for (int i = 0; i < 3; i++) {
            Genotype genotype = evolution.propose(random);
            assertEquals(SPACE.sample(sameDraws), genotype, "the first population is random samples");
            initial.add(genotype);
            evolution.observe(genotype, rewards[i]);
        }
        Genotype child = evolution.propose(random);
        assertEquals(1, differences(initial.get(0), child), "a mutation of the best (0.9) member");
        evolution.observe(child, 0.1);
        // the oldest member left although it was the best: aging, not culling
        assertEquals(List.of(initial.get(1), initial.get(2), child), evolution.population());
        Genotype next = evolution.propose(random);
        assertEquals(1, differences(initial.get(2), next), "now the best is the 0.7 member");
    }

    @Test
    void candidatesThatFailedNeverJoin() {
        RegularizedEvolution evolution = new RegularizedEvolution(SPACE, 2, 1);
        SplittableRandom random = new SplittableRandom(5);
        Genotype failed = evolution.propose(random);
        evolution.observe(failed, Double.NaN);
        Genotype measured = evolution.propose(random);
        evolution.observe(measured, 0.4);
        assertEquals(List.of(measured), evolution.population());
        assertFalse(evolution.population().contains(failed));
    }

    @Test
    void withAnEmptyPopulationItKeepsSamplingAtRandom() {
        RegularizedEvolution evolution = new RegularizedEvolution(SPACE, 1, 1);
        SplittableRandom random = new SplittableRandom(9);
        SplittableRandom sameDraws = new SplittableRandom(9);
        for (int i = 0; i < 3; i++) {
            Genotype genotype = evolution.propose(random);
            assertEquals(SPACE.sample(sameDraws), genotype);
            evolution.observe(genotype, Double.NaN);
        }
        assertTrue(evolution.population().isEmpty());
    }

    @Test
    void rejectsASampleLargerThanThePopulation() {
        assertThrows(IllegalArgumentException.class, () -> new RegularizedEvolution(SPACE, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new RegularizedEvolution(SPACE, 0, 0));
    }

    static int differences(Genotype a, Genotype b) {
        int count = 0;
        for (int stage = 0; stage < a.stages().size(); stage++) {
            for (Dimension dimension : Dimension.values()) {
                if (a.stages().get(stage).get(dimension) != b.stages().get(stage).get(dimension)) {
                    count++;
                }
            }
        }
        return count;
    }
}
