package dev.latm.cli.search;

import dev.latm.client.results.ResultColumns;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A latency-constrained search loop in the manner of MnasNet: propose candidates, measure LAT(m)
 * on the device, get ACC(m), reward R(m) = ACC(m) * [LAT(m)/T]^w, tell the strategy. It is an
 * example controller: the accuracy is only as good as its {@link AccuracySource} (a proxy unless
 * the user supplies a real evaluation), and the strategies are the two simplest credible ones.
 *
 * <p>Candidates are measured in rounds of {@code roundSize} (one per fleet device keeps every
 * device busy); proposals are made, and rewards observed, in trial order, so the same seed gives
 * the same candidates whenever the rewards are the same (always for random search; for evolution,
 * when the latencies are, e.g. served from a result store).
 */
public final class SearchController {
    private final SearchSpace space;
    private final SearchStrategy strategy;
    private final LatencySource latency;
    private final AccuracySource accuracy;
    private final Reward reward;

    /** Receives each trial as soon as it is complete, in trial order. */
    @FunctionalInterface
    public interface Listener {
        void onTrial(Trial trial);
    }

    public SearchController(SearchSpace space, SearchStrategy strategy, LatencySource latency,
                            AccuracySource accuracy, Reward reward) {
        this.space = space;
        this.strategy = strategy;
        this.latency = latency;
        this.accuracy = accuracy;
        this.reward = reward;
    }

    /**
     * Runs {@code trials} trials.
     *
     * @throws AccuracyException when the accuracy source fails; the trials before it were reported
     */
    public List<Trial> run(int trials, int roundSize, SplittableRandom random, Listener listener)
            throws InterruptedException {
        if (trials < 1 || roundSize < 1) {
            throw new IllegalArgumentException("trials and round size must be >= 1 (got " + trials + ", "
                    + roundSize + ")");
        }
        List<Trial> done = new ArrayList<>();
        while (done.size() < trials) {
            int round = Math.min(roundSize, trials - done.size());
            List<Genotype> genotypes = new ArrayList<>();
            List<Architecture> candidates = new ArrayList<>();
            for (int i = 0; i < round; i++) {
                Genotype genotype = strategy.propose(random);
                genotypes.add(genotype);
                candidates.add(space.decode(genotype, space.name() + "_trial_" + (done.size() + i + 1)));
            }
            List<MeasureResponse> responses = latency.measure(candidates);
            if (responses.size() != round) {
                throw new IllegalStateException("the latency source returned " + responses.size()
                        + " responses for " + round + " candidates");
            }
            for (int i = 0; i < round; i++) {
                Trial trial = evaluate(done.size() + 1, genotypes.get(i), candidates.get(i), responses.get(i));
                strategy.observe(trial.genotype(), trial.reward());
                done.add(trial);
                listener.onTrial(trial);
            }
        }
        return done;
    }

    private Trial evaluate(int number, Genotype genotype, Architecture architecture, MeasureResponse response)
            throws InterruptedException {
        String summary = space.summary(genotype);
        if (response.hasError()) {
            return new Trial(number, genotype, architecture, summary, response, null, Double.NaN);
        }
        Accuracy acc = accuracy.evaluate(number, architecture, response.getArchitectureId());
        return new Trial(number, genotype, architecture, summary, response, acc,
                reward.of(acc.value(), ResultColumns.latMs(response)));
    }

    /** The trial with the highest reward (the earliest of equals). */
    public static Optional<Trial> best(List<Trial> trials) {
        return trials.stream().filter(Trial::ok)
                .max(Comparator.comparingDouble(Trial::reward).thenComparing(Comparator.comparingInt(Trial::number)
                        .reversed()));
    }
}
