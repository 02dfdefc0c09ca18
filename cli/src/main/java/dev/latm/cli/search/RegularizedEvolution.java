package dev.latm.cli.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Regularized (aging) evolution, Real et al. 2019, "Regularized Evolution for Image Classifier
 * Architecture Search": the first {@code populationSize} proposals are random; after that each
 * proposal samples {@code sampleSize} members of the population, mutates one stage choice of the
 * best of them, and each observed child joins the population while the OLDEST member leaves (not
 * the worst: aging is the regularization).
 *
 * <p>When proposals are made in rounds (several candidates measured at once on a fleet), the
 * members of a round are chosen from the population as it stood before the round, as the
 * asynchronous workers of the paper do. Candidates that could not be measured never join.
 */
public final class RegularizedEvolution implements SearchStrategy {
    private final SearchSpace space;
    private final int populationSize;
    private final int sampleSize;
    private final Deque<Member> population = new ArrayDeque<>();
    private int proposed;

    private record Member(Genotype genotype, double reward) {
    }

    /**
     * @throws IllegalArgumentException unless {@code 1 <= sampleSize <= populationSize}
     */
    public RegularizedEvolution(SearchSpace space, int populationSize, int sampleSize) {
        if (populationSize < 1 || sampleSize < 1 || sampleSize > populationSize) {
            throw new IllegalArgumentException("evolution needs population >= 1 and 1 <= sample <= population (got "
                    + "population " + populationSize + ", sample " + sampleSize + ")");
        }
        this.space = space;
        this.populationSize = populationSize;
        this.sampleSize = sampleSize;
    }

    @Override
    public Genotype propose(SplittableRandom random) {
        boolean initialising = proposed < populationSize;
        proposed++;
        if (initialising || population.isEmpty()) {
            return space.sample(random);
        }
        return space.mutate(tournament(random).genotype(), random);
    }

    /** The best of {@code sampleSize} members drawn without replacement (the first of equals wins). */
    private Member tournament(SplittableRandom random) {
        List<Member> members = new ArrayList<>(population);
        int draws = Math.min(sampleSize, members.size());
        Member best = null;
        for (int i = 0; i < draws; i++) {
            // partial Fisher-Yates: members[i] becomes a uniform draw from the members not yet drawn
            int pick = i + random.nextInt(members.size() - i);
            Member drawn = members.get(pick);
            members.set(pick, members.get(i));
            members.set(i, drawn);
            if (best == null || drawn.reward() > best.reward()) {
                best = drawn;
            }
        }
        return best;
    }

    @Override
    public void observe(Genotype genotype, double reward) {
        if (Double.isNaN(reward)) {
            return;
        }
        population.addLast(new Member(genotype, reward));
        if (population.size() > populationSize) {
            population.removeFirst();
        }
    }

    /** Members in age order, oldest first (for tests). */
    List<Genotype> population() {
        return population.stream().map(Member::genotype).toList();
    }

    @Override
    public String describe() {
        return "regularized evolution (population " + populationSize + ", sample " + sampleSize + ")";
    }
}
