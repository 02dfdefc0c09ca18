package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
import java.util.function.IntToLongFunction;

/**
 * A candidate whose every run advances a {@link FakeClock} by a scripted duration, so harness tests
 * are exact and never sleep. Run indices count every run: 0 is the first run after build.
 */
final class ScriptedCandidate implements Candidate {
    private final FakeClock clock;
    private final IntToLongFunction nanosOfRun;
    private int runs;
    private int closes;
    private int failAtRun = -1;

    ScriptedCandidate(FakeClock clock, IntToLongFunction nanosOfRun) {
        this.clock = clock;
        this.nanosOfRun = nanosOfRun;
    }

    /** Every run takes the same time. */
    static ScriptedCandidate constant(FakeClock clock, long nanos) {
        return new ScriptedCandidate(clock, run -> nanos);
    }

    /** Makes run number {@code run} (0-based) throw instead of running. */
    ScriptedCandidate failingAt(int run) {
        this.failAtRun = run;
        return this;
    }

    @Override
    public void run() {
        if (runs == failAtRun) {
            throw new IllegalStateException("scripted failure at run " + runs);
        }
        clock.advance(nanosOfRun.applyAsLong(runs));
        runs++;
    }

    @Override
    public float[] runAndCopyOutput() {
        run();
        return new float[0];
    }

    @Override
    public void close() {
        closes++;
    }

    int runs() {
        return runs;
    }

    int closes() {
        return closes;
    }
}
