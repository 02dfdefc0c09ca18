package dev.latm.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.LatencyStatistics;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.StaticCost;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The controller's bookkeeping with a scripted latency seam (latency proportional to MACs, so
 * rewards are reproducible); the real device is exercised by the CLI tests.
 */
class SearchControllerTest {
    private static final SearchSpace SPACE = SearchSpace.bundled();
    private static final Reward REWARD = new Reward(2.0, -0.07, -0.07);

    /** LAT = MACs / 1e8 ms; every candidate whose number is in {@code failing} fails. */
    private static final class ScriptedLatency implements LatencySource {
        final List<Integer> roundSizes = new ArrayList<>();
        final List<Integer> failing;
        int seen;

        ScriptedLatency(List<Integer> failing) {
            this.failing = failing;
        }

        @Override
        public List<MeasureResponse> measure(List<Architecture> candidates) {
            roundSizes.add(candidates.size());
            List<MeasureResponse> responses = new ArrayList<>();
            for (Architecture candidate : candidates) {
                seen++;
                CompiledArchitecture compiled = LocalCompiler.compile(candidate, 0, 0);
                if (failing.contains(seen)) {
                    responses.add(MeasureResponse.newBuilder().setArchitectureId(compiled.id()).setError(
                            com.google.rpc.Status.newBuilder().setCode(8).setMessage("over the MAC limit")).build());
                    continue;
                }
                responses.add(MeasureResponse.newBuilder().setArchitectureId(compiled.id()).setDeviceId("scripted")
                        .setLatency(LatencyStatistics.newBuilder().setMedianMs(compiled.cost().macs() / 1e8))
                        .setCost(StaticCost.newBuilder().setMacs(compiled.cost().macs())
                                .setParams(compiled.cost().params()))
                        .build());
            }
            return responses;
        }
    }

    @Test
    void theSameSeedGivesTheSameSearch() throws Exception {
        List<Trial> first = search(new RegularizedEvolution(SPACE, 5, 2), 15, 1, 21, List.of());
        List<Trial> again = search(new RegularizedEvolution(SPACE, 5, 2), 15, 1, 21, List.of());
        List<Trial> other = search(new RegularizedEvolution(SPACE, 5, 2), 15, 1, 22, List.of());
        assertEquals(first.stream().map(Trial::genotype).toList(), again.stream().map(Trial::genotype).toList());
        assertNotEquals(first.stream().map(Trial::genotype).toList(), other.stream().map(Trial::genotype).toList());
    }

    @Test
    void evolutionMutatesAfterTheRandomStart() throws Exception {
        List<Trial> trials = search(new RegularizedEvolution(SPACE, 5, 2), 12, 1, 4, List.of());
        for (int i = 5; i < trials.size(); i++) {
            Genotype child = trials.get(i).genotype();
            boolean oneStepFromAnEarlierTrial = trials.subList(0, i).stream()
                    .anyMatch(t -> RegularizedEvolutionTest.differences(t.genotype(), child) == 1);
            assertTrue(oneStepFromAnEarlierTrial, "trial " + (i + 1) + " is a one-choice mutation");
        }
    }

    @Test
    void everyTrialIsRewardedByTheFormulaAndNumberedInOrder() throws Exception {
        List<Trial> reported = new ArrayList<>();
        ScriptedLatency latency = new ScriptedLatency(List.of());
        List<Trial> trials = new SearchController(SPACE, new RandomSearch(SPACE), latency, new ProxyAccuracy(),
                REWARD).run(7, 3, new SplittableRandom(1), reported::add);
        assertEquals(trials, reported, "each trial is reported as it completes, in order");
        assertEquals(List.of(3, 3, 1), latency.roundSizes, "rounds of 3, the last one short");
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            assertEquals(i + 1, t.number());
            assertEquals(Accuracy.Source.proxy, t.accuracy().source());
            assertEquals(REWARD.of(t.accuracy().value(), t.latencyMs()), t.reward(), 1e-12);
            assertEquals("mnv3_space_trial_" + (i + 1), t.architecture().getName());
        }
    }

    @Test
    void aCandidateThatFailsIsATrialWithItsErrorAndNoReward() throws Exception {
        List<Trial> trials = search(new RegularizedEvolution(SPACE, 3, 2), 6, 1, 2, List.of(2, 5));
        Trial failed = trials.get(1);
        assertFalse(failed.ok());
        assertEquals("RESOURCE_EXHAUSTED: over the MAC limit", failed.error());
        assertTrue(Double.isNaN(failed.reward()));
        assertNull(failed.accuracy());
        assertFalse(ParetoFront.of(trials).contains(failed));
        assertNotEquals(failed, SearchController.best(trials).orElseThrow());
        assertEquals(4, trials.stream().filter(Trial::ok).count());
    }

    @Test
    void aFailingAccuracySourceStopsTheSearchAfterReportingTheTrialsBefore() {
        List<Trial> reported = new ArrayList<>();
        AccuracySource flaky = new AccuracySource() {
            @Override
            public Accuracy evaluate(int trial, Architecture architecture, String architectureId) {
                if (trial == 3) {
                    throw new AccuracyException("evaluation crashed on trial 3");
                }
                return new Accuracy(0.5, Accuracy.Source.command);
            }

            @Override
            public String describe() {
                return "scripted";
            }
        };
        SearchController controller = new SearchController(SPACE, new RandomSearch(SPACE),
                new ScriptedLatency(List.of()), flaky, REWARD);
        AccuracyException e = assertThrows(AccuracyException.class,
                () -> controller.run(5, 1, new SplittableRandom(1), reported::add));
        assertEquals("evaluation crashed on trial 3", e.getMessage());
        assertEquals(2, reported.size());
    }

    @Test
    void theBestTrialHasTheHighestReward() throws Exception {
        List<Trial> trials = search(new RandomSearch(SPACE), 10, 1, 8, List.of());
        Trial best = SearchController.best(trials).orElseThrow();
        assertTrue(trials.stream().allMatch(t -> t.reward() <= best.reward()));
    }

    private static List<Trial> search(SearchStrategy strategy, int trials, int round, long seed,
                                      List<Integer> failing) throws InterruptedException {
        return new SearchController(SPACE, strategy, new ScriptedLatency(failing), new ProxyAccuracy(), REWARD)
                .run(trials, round, new SplittableRandom(seed), trial -> { });
    }
}
