package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.StaticCost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Screening with scripted latencies (LAT = MACs / 1e8 ms) and scripted predictors: what is kept, what is
 * audited, and how the audit judges the screen.
 */
class ScreeningTest {
    private static final SearchSpace SPACE = SearchSpace.bundled();
    private static final Reward REWARD = new Reward(2.0, -0.07, -0.07);

    private static double scriptedMs(Architecture candidate) {
        return LocalCompiler.compile(candidate, 0, 0).cost().macs() / 1e8;
    }

    /** Every measured candidate, in the order measured. */
    private static final class Measured implements LatencySource {
        final List<Architecture> seen = new ArrayList<>();

        @Override
        public List<MeasureResponse> measure(List<Architecture> candidates) {
            List<MeasureResponse> responses = new ArrayList<>();
            for (Architecture candidate : candidates) {
                seen.add(candidate);
                CompiledArchitecture compiled = LocalCompiler.compile(candidate, 0, 0);
                responses.add(MeasureResponse.newBuilder().setArchitectureId(compiled.id()).setDeviceId("scripted")
                        .setLatency(LatencyStatistics.newBuilder().setMedianMs(scriptedMs(candidate)))
                        .setCost(StaticCost.newBuilder().setMacs(compiled.cost().macs())
                                .setParams(compiled.cost().params())).build());
            }
            return responses;
        }
    }

    private record Run(List<Trial> trials, List<Trial> audited, ScreeningTally tally, Measured measured) {
    }

    private static Run search(LatencyPredictions predictions, int trials, int keep, int proposals, int audit,
                              long seed) throws InterruptedException {
        return search(predictions, new ProxyAccuracy(), trials, keep, proposals, audit, seed);
    }

    private static Run search(LatencyPredictions predictions, AccuracySource accuracy, int trials, int keep,
                              int proposals, int audit, long seed) throws InterruptedException {
        Measured measured = new Measured();
        List<Trial> audited = new ArrayList<>();
        SearchController controller = new SearchController(SPACE, new RandomSearch(SPACE), measured, accuracy,
                REWARD, new Screening(keep, proposals, audit, predictions));
        List<Trial> done = controller.run(trials, 1, new SplittableRandom(seed), new SearchController.Listener() {
            @Override
            public void onTrial(Trial trial) {
            }

            @Override
            public void onAudit(Trial trial) {
                audited.add(trial);
            }
        });
        return new Run(done, audited, controller.screening(), measured);
    }

    private static double[] perfect(List<Architecture> candidates) {
        return candidates.stream().mapToDouble(ScreeningTest::scriptedMs).toArray();
    }

    @Test
    void eachRoundMeasuresTheBestByPredictedRewardAndAuditsSomeOfTheRest() throws Exception {
        List<List<Architecture>> proposed = new ArrayList<>();
        Run run = search(candidates -> {
            proposed.add(List.copyOf(candidates));
            return perfect(candidates);
        }, 6, 2, 8, 3, 5);

        assertEquals(6, run.trials().size());
        assertEquals(3, proposed.size(), "three rounds of 8 proposals for 6 trials, 2 a round");
        assertEquals(9, run.audited().size());
        assertEquals(15, run.measured().seen.size(), "2 kept and 3 audited a round, nothing else");
        ProxyAccuracy accuracy = new ProxyAccuracy();
        for (int round = 0; round < 3; round++) {
            List<Architecture> best = proposed.get(round).stream().sorted(Comparator.comparingDouble(
                    (Architecture c) -> -REWARD.of(accuracy.evaluate(0, c, "").value(), scriptedMs(c)))).limit(2)
                    .toList();
            assertEquals(best, run.trials().subList(2 * round, 2 * round + 2).stream().map(Trial::architecture)
                    .toList(), "round " + round + " kept the two best predicted");
        }
        for (Trial trial : run.trials()) {
            assertEquals(scriptedMs(trial.architecture()), trial.predictedMs(), 0);
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6), run.trials().stream().map(Trial::number).toList());
        assertEquals(3, run.tally().auditedRounds());
        assertEquals(3, run.tally().hits(), "a perfect predictor always kept the best");
        assertEquals(24, run.tally().proposed());
        assertEquals(15, run.tally().predictedMs().length);
    }

    @Test
    void aPredictorThatGetsTheOrderBackwardsIsCaughtByAFullAudit() throws Exception {
        // one accuracy for all, so the reward falls as LAT rises; predicted LAT falls as the true one rises, so
        // the screen keeps the slowest, and a full audit sees it every round
        AccuracySource same = new AccuracySource() {
            @Override
            public Accuracy evaluate(int trial, Architecture architecture, String architectureId) {
                return new Accuracy(0.5, Accuracy.Source.command);
            }

            @Override
            public String describe() {
                return "one accuracy for all";
            }
        };
        Run run = search(candidates -> candidates.stream().mapToDouble(c -> 100 / scriptedMs(c)).toArray(), same, 4, 1,
                6, 5, 3);

        assertEquals(4, run.tally().auditedRounds());
        assertEquals(0, run.tally().hits());
    }

    @Test
    void theSameSeedScreensTheSameWay() throws Exception {
        Run first = search(ScreeningTest::perfect, 4, 2, 6, 2, 11);
        Run again = search(ScreeningTest::perfect, 4, 2, 6, 2, 11);
        Run withoutAudit = search(ScreeningTest::perfect, 4, 2, 6, 0, 11);

        assertEquals(first.trials().stream().map(Trial::architecture).toList(),
                again.trials().stream().map(Trial::architecture).toList());
        assertEquals(first.audited().stream().map(Trial::architecture).toList(),
                again.audited().stream().map(Trial::architecture).toList());
        assertEquals(first.trials().stream().map(Trial::architecture).toList(),
                withoutAudit.trials().stream().map(Trial::architecture).toList(),
                "the audit draws from its own stream: it does not change the search");
        assertEquals(0, withoutAudit.tally().auditedRounds());
    }

    @Test
    void aCandidateThePredictorRefusesIsNeverKept() throws Exception {
        Run run = search(candidates -> {
            double[] predicted = perfect(candidates);
            predicted[0] = Double.NaN;
            return predicted;
        }, 2, 2, 3, 0, 4);

        assertTrue(run.trials().stream().allMatch(t -> !Double.isNaN(t.predictedMs())));
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheFlag() {
        LatencyPredictions none = candidates -> new double[candidates.size()];
        assertEquals("--screen must be >= 1 (got 0)", assertThrows(IllegalArgumentException.class,
                () -> new Screening(0, 5, 0, none)).getMessage());
        assertEquals("--proposals must be above --screen 5, or nothing is screened out (got 5)",
                assertThrows(IllegalArgumentException.class, () -> new Screening(5, 5, 0, none)).getMessage());
        assertEquals("--screen-audit must be in [0, --proposals - --screen = 3] (got 4)",
                assertThrows(IllegalArgumentException.class, () -> new Screening(2, 5, 4, none)).getMessage());
    }
}
