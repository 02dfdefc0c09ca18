package dev.latm.cli.search;

import dev.latm.client.results.ResultColumns;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.MeasureResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

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
 *
 * <p>With a {@link Screening}, each round proposes many candidates, predicts their LAT(m), and measures
 * only the best by predicted reward (plus an audit of the others); see {@link ScreeningTally}.
 */
public final class SearchController {
    private final SearchSpace space;
    private final SearchStrategy strategy;
    private final LatencySource latency;
    private final AccuracySource accuracy;
    private final Reward reward;
    private final Screening screening;
    private final ScreeningTally tally = new ScreeningTally();
    private int proposals;
    private int audits;

    /** Receives each trial as soon as it is complete, in trial order. */
    @FunctionalInterface
    public interface Listener {
        void onTrial(Trial trial);

        /** A screened-out candidate measured to check the screen; numbered in a sequence of its own. */
        default void onAudit(Trial audited) {
        }
    }

    public SearchController(SearchSpace space, SearchStrategy strategy, LatencySource latency,
                            AccuracySource accuracy, Reward reward) {
        this(space, strategy, latency, accuracy, reward, null);
    }

    /** @param screening how proposals are screened by a latency predictor, or null to measure every one */
    public SearchController(SearchSpace space, SearchStrategy strategy, LatencySource latency,
                            AccuracySource accuracy, Reward reward, Screening screening) {
        this.space = space;
        this.strategy = strategy;
        this.latency = latency;
        this.accuracy = accuracy;
        this.reward = reward;
        this.screening = screening;
    }

    /** What screening did so far (empty without a screening). */
    public ScreeningTally screening() {
        return tally;
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
        // the audit's draws come from a stream of their own, so auditing more or less leaves the search as it is
        SplittableRandom auditRandom = screening == null ? null : random.split();
        while (done.size() < trials) {
            if (screening != null) {
                screenedRound(done, Math.min(screening.keep(), trials - done.size()), random, auditRandom, listener);
                continue;
            }
            int round = Math.min(roundSize, trials - done.size());
            List<Genotype> genotypes = new ArrayList<>();
            List<Architecture> candidates = new ArrayList<>();
            for (int i = 0; i < round; i++) {
                Genotype genotype = strategy.propose(random);
                genotypes.add(genotype);
                candidates.add(space.decode(genotype, space.name() + "_trial_" + (done.size() + i + 1)));
            }
            List<MeasureResponse> responses = latency.measure(candidates);
            requireOnePerCandidate(responses, round);
            for (int i = 0; i < round; i++) {
                Trial trial = evaluate(done.size() + 1, genotypes.get(i), candidates.get(i), responses.get(i), null,
                        Double.NaN);
                strategy.observe(trial.genotype(), trial.reward());
                done.add(trial);
                listener.onTrial(trial);
            }
        }
        return done;
    }

    /**
     * Proposes and predicts {@code screening.proposals()} candidates, measures the {@code keep} best by
     * predicted reward and {@code screening.audit()} of the others, and makes trials of the kept ones.
     */
    private void screenedRound(List<Trial> done, int keep, SplittableRandom random, SplittableRandom auditRandom,
                               Listener listener) throws InterruptedException {
        int count = screening.proposals();
        List<Genotype> genotypes = new ArrayList<>();
        List<Architecture> candidates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            genotypes.add(strategy.propose(random));
            candidates.add(space.decode(genotypes.get(i), space.name() + "_proposal_" + (++proposals)));
        }
        double[] predicted = screening.predictions().predictMs(candidates);
        Accuracy[] accuracies = new Accuracy[count];
        double[] predictedReward = new double[count];
        for (int i = 0; i < count; i++) {
            predictedReward[i] = Double.NEGATIVE_INFINITY; // never kept: it could not be predicted
            if (predicted[i] > 0 && Double.isFinite(predicted[i])) {
                accuracies[i] = accuracy.evaluate(proposals - count + i + 1, candidates.get(i), "");
                predictedReward[i] = reward.of(accuracies[i].value(), predicted[i]);
            }
        }
        List<Integer> ranked = IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -predictedReward[i]).thenComparingInt(i -> i))
                .toList();
        List<Integer> kept = ranked.subList(0, keep);
        List<Integer> audited = sample(ranked.subList(keep, count), screening.audit(), auditRandom);
        List<Architecture> measured = new ArrayList<>();
        kept.forEach(i -> measured.add(candidates.get(i)));
        audited.forEach(i -> measured.add(candidates.get(i)));
        List<MeasureResponse> responses = latency.measure(measured);
        requireOnePerCandidate(responses, measured.size());

        double bestKept = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < kept.size(); k++) {
            int i = kept.get(k);
            Trial trial = evaluate(done.size() + 1, genotypes.get(i), candidates.get(i), responses.get(k),
                    accuracies[i], predicted[i]);
            strategy.observe(trial.genotype(), trial.reward());
            done.add(trial);
            listener.onTrial(trial);
            bestKept = compare(trial, bestKept);
        }
        double bestAudited = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < audited.size(); a++) {
            int i = audited.get(a);
            Trial trial = evaluate(++audits, genotypes.get(i), candidates.get(i), responses.get(kept.size() + a),
                    accuracies[i], predicted[i]);
            listener.onAudit(trial);
            bestAudited = compare(trial, bestAudited);
        }
        boolean audit = bestAudited > Double.NEGATIVE_INFINITY;
        tally.round(count, kept.size(), audited.size(), audit, bestKept >= bestAudited);
    }

    /**
     * Records a measured trial's predicted and measured LAT(m) (lat_ms where the device reports it: the
     * anchored LAT a predictor of normalized_ms predicts; else the median); returns the better of its
     * reward and {@code best}.
     */
    private double compare(Trial trial, double best) {
        if (!trial.ok()) {
            return best;
        }
        double lat = trial.response().getLatMs();
        tally.compared(trial.predictedMs(), lat > 0 ? lat : trial.latencyMs());
        return Math.max(best, trial.reward());
    }

    /** {@code count} of {@code from} drawn without replacement, in their original order. */
    private static List<Integer> sample(List<Integer> from, int count, SplittableRandom random) {
        List<Integer> pool = new ArrayList<>(from);
        for (int i = 0; i < count; i++) {
            int pick = i + random.nextInt(pool.size() - i);
            Integer drawn = pool.get(pick);
            pool.set(pick, pool.get(i));
            pool.set(i, drawn);
        }
        return pool.subList(0, count).stream().sorted().toList();
    }

    private static void requireOnePerCandidate(List<MeasureResponse> responses, int candidates) {
        if (responses.size() != candidates) {
            throw new IllegalStateException("the latency source returned " + responses.size()
                    + " responses for " + candidates + " candidates");
        }
    }

    /**
     * @param known       ACC(m) when it was evaluated already (to screen the candidate), else null
     * @param predictedMs the LAT(m) predicted for the candidate, NaN when none was
     */
    private Trial evaluate(int number, Genotype genotype, Architecture architecture, MeasureResponse response,
                           Accuracy known, double predictedMs) throws InterruptedException {
        String summary = space.summary(genotype);
        if (response.hasError()) {
            return new Trial(number, genotype, architecture, summary, response, null, Double.NaN, predictedMs);
        }
        Accuracy acc = known != null ? known : accuracy.evaluate(number, architecture, response.getArchitectureId());
        return new Trial(number, genotype, architecture, summary, response, acc,
                reward.of(acc.value(), ResultColumns.latMs(response)), predictedMs);
    }

    /** The trial with the highest reward (the earliest of equals). */
    public static Optional<Trial> best(List<Trial> trials) {
        return trials.stream().filter(Trial::ok)
                .max(Comparator.comparingDouble(Trial::reward).thenComparing(Comparator.comparingInt(Trial::number)
                        .reversed()));
    }
}
