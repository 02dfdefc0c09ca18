package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Not a test: prints what the harness adds per run, for an empty candidate, next to a bare loop of
 * {@code nanoTime} pairs. Run after {@code mvn -pl runtime -am test-compile}:
 * {@code java -cp runtime/target/classes:runtime/target/test-classes dev.latm.runtime.timing.TimingOverheadProbe}
 */
public final class TimingOverheadProbe {

    private static final int RUNS = 100_000;
    private static final int REPEATS = 5;

    private TimingOverheadProbe() {
    }

    public static void main(String[] args) {
        TimingHarness harness = new TimingHarness();
        // Every run forced (min = max), so the stopping rule judges once, at the end.
        TimingPlan fixed = TimingPlan.DEFAULT.withRuns(RUNS, RUNS).withMaxTime(Duration.ofSeconds(60));
        // Unreachable precision on a spread-out candidate (a zero-width CI of a quantised clock would
        // meet any precision): the stopping rule sorts on its schedule all the way to max_runs.
        TimingPlan adaptive = TimingPlan.DEFAULT.withRuns(50, RUNS).withPrecision(1e-9)
                .withMaxTime(Duration.ofSeconds(60));
        for (int repeat = 1; repeat <= REPEATS; repeat++) {
            report("empty, fixed    ", harness, fixed, EmptyCandidate::new, repeat);
            report("spin, fixed     ", harness, fixed, SpinCandidate::new, repeat);
            report("spin, adaptive  ", harness, adaptive, SpinCandidate::new, repeat);
            System.out.printf("bare loop          repeat %d: %.1f ns/iteration (nanoTime pair + store)%n",
                    repeat, bareLoopNanosPerIteration());
        }
    }

    private static void report(String label, TimingHarness harness, TimingPlan plan,
                               java.util.concurrent.Callable<Candidate> builder, int repeat) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        long allocatedBefore = threads.getThreadAllocatedBytes(threadId);
        Measurement measurement = harness.measure(builder, plan);
        long allocated = threads.getThreadAllocatedBytes(threadId) - allocatedBefore;
        LatencyStats stats = measurement.stats();
        // Expected: the samples, the judged series and the stopping rule's sorted copy ([max_runs]
        // each), its merge batch ([max_runs / 2 + 1]), the statistics' sorted copy ([runs]), the
        // changepoint test's sorted copy and two halves ([runs] twice), and the warm-up's history (five
        // arrays of SteadyState.DEFAULT_CAPACITY). The rest is per call, not per run.
        int runs = measurement.stats().runs();
        long expected = 8L * (3L * plan.maxRuns() + plan.maxRuns() / 2 + 1 + 3L * runs
                + 5L * SteadyState.DEFAULT_CAPACITY);
        double wallPerRun = measurement.timedMs() * 1e6 / stats.runs();
        System.out.printf("%s repeat %d: runs %d, median sample %.1f ns, mean sample %.1f ns, "
                        + "wall %.1f ns/run (%.1f ns/run outside samples), allocated %d B beyond %d B of buffers%n",
                label, repeat, stats.runs(), stats.medianMs() * 1e6, stats.meanMs() * 1e6, wallPerRun,
                wallPerRun - stats.meanMs() * 1e6, allocated - expected, expected);
    }

    private static double bareLoopNanosPerIteration() {
        long[] samples = new long[RUNS];
        long phaseStart = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            long end = System.nanoTime();
            samples[i] = end - start;
        }
        double perIteration = (System.nanoTime() - phaseStart) / (double) RUNS;
        if (samples[RUNS - 1] < 0) {
            throw new AssertionError(); // keeps the stores observable
        }
        return perIteration;
    }

    /** Spins a pseudo-random 0..4095 iterations, so samples spread over many clock quanta. */
    private static final class SpinCandidate implements Candidate {
        private long state = 42;
        private long sink;

        @Override
        public void run() {
            state = state * 6364136223846793005L + 1442695040888963407L;
            long spins = state >>> 52;
            for (long i = 0; i < spins; i++) {
                sink += i ^ state;
            }
        }

        @Override
        public float[] runAndCopyOutput() {
            run();
            return new float[] {sink};
        }

        @Override
        public void close() {
        }
    }

    private static final class EmptyCandidate implements Candidate {
        @Override
        public void run() {
        }

        @Override
        public float[] runAndCopyOutput() {
            return new float[0];
        }

        @Override
        public void close() {
        }
    }
}
