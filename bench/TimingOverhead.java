// TimingOverhead: what the timing harness adds per run and allocates, next to a bare nanoTime loop.
//
// For an empty candidate and one that spins a pseudo-random number of iterations: the time a run
// costs beyond its samples, next to a bare loop of nanoTime pairs, and what the harness allocates
// beyond its sample buffers (expected: nothing per run).
//
// Run:   bench/run TimingOverhead        (5 repeats of 100,000 runs each; about a minute)

import dev.latm.runtime.Candidate;
import dev.latm.runtime.timing.LatencyStats;
import dev.latm.runtime.timing.Measurement;
import dev.latm.runtime.timing.TimingHarness;
import dev.latm.runtime.timing.TimingPlan;
import java.lang.management.ManagementFactory;
import java.time.Duration;

public final class TimingOverhead {

    private static final int RUNS = 100_000;
    private static final int REPEATS = 5;

    private TimingOverhead() {
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
        // the current thread's counter: asking by thread id allocates 816 bytes itself
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        Measurement measurement = harness.measure(builder, plan);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        LatencyStats stats = measurement.stats();
        // Expected: the samples, the judged series and the stopping rule's sorted copy ([max_runs]
        // each), its merge batch ([max_runs / 2 + 1]), the statistics' sorted copy ([runs]), the
        // changepoint test's sorted copy and two halves ([runs] twice), and the warm-up's history (five
        // arrays of SteadyState's default capacity, 1 << 15, package-private). The rest is per call,
        // not per run.
        int runs = measurement.stats().runs();
        long expected = 8L * (3L * plan.maxRuns() + plan.maxRuns() / 2 + 1 + 3L * runs + 5L * (1 << 15));
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
