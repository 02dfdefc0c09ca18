package dev.latm.cli.search;

import java.util.SplittableRandom;

/**
 * How a search picks its next candidate. Strategies draw randomness only from the generator they
 * are given, so a seed fixes every proposal that does not depend on measured rewards.
 */
public interface SearchStrategy {

    /** The next candidate to evaluate. */
    Genotype propose(SplittableRandom random);

    /**
     * The reward of a proposed candidate, in the order of the proposals.
     *
     * @param reward R(m), or NaN when the candidate could not be measured
     */
    void observe(Genotype genotype, double reward);

    /** One line for the report, e.g. "random". */
    String describe();
}
