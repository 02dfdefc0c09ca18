package dev.latm.runtime.timing;

import dev.latm.runtime.Candidate;
import java.util.List;
import java.util.Random;
import java.util.function.IntToLongFunction;

/**
 * A candidate whose every run advances a {@link FakeClock} by a scripted duration, so harness tests
 * are exact and never sleep. Run indices count every run: 0 is the first run after build. On a
 * {@link ScriptedDevice}, the scripted durations are nominal and the device's speed at the start of
 * the run scales them, as a shared host's speed scales every network on it. Public for the server's
 * scripted engines, whose candidates are these.
 */
public final class ScriptedCandidate implements Candidate {
    private final FakeClock clock;
    private final IntToLongFunction nanosOfRun;
    private ScriptedDevice device;
    private boolean jitCompiled;
    private String name;
    private List<String> log;
    private int runs;
    private int closes;
    private int failAtRun = -1;
    private boolean failWithError;

    /**
     * @param nanosOfRun nominal nanoseconds of run number {@code run}; called as the run starts, so it may
     *                   also block, as a run a test holds does
     */
    public ScriptedCandidate(FakeClock clock, IntToLongFunction nanosOfRun) {
        this.clock = clock;
        this.nanosOfRun = nanosOfRun;
    }

    /** Every run takes the same time. */
    static ScriptedCandidate constant(FakeClock clock, long nanos) {
        return new ScriptedCandidate(clock, run -> nanos);
    }

    /** Every run takes about {@code nanos}, with {@link Noise} of coefficient of variation {@code cv}. */
    static ScriptedCandidate noisy(FakeClock clock, Random random, long nanos, double cv) {
        return noisy(clock, random, run -> nanos, cv);
    }

    /** Run {@code run} takes about {@code levelNanos(run)}, with {@link Noise} drawn from {@code random}. */
    static ScriptedCandidate noisy(FakeClock clock, Random random, IntToLongFunction levelNanos, double cv) {
        return new ScriptedCandidate(clock, run -> Noise.noisyNanos(random, levelNanos.applyAsLong(run), cv));
    }

    /** Makes run number {@code run} (0-based) throw instead of running. */
    ScriptedCandidate failingAt(int run) {
        this.failAtRun = run;
        return this;
    }

    /** Makes run number {@code run} throw an {@link Error}, as a JVM out of memory would. */
    ScriptedCandidate erringAt(int run) {
        this.failAtRun = run;
        this.failWithError = true;
        return this;
    }

    /** Runs on {@code device}: every duration is scaled by its slowdown when the run starts. */
    ScriptedCandidate on(ScriptedDevice newDevice) {
        this.device = newDevice;
        return this;
    }

    /** Says that a JIT decides its speed, as the Java engine's candidates do. */
    ScriptedCandidate jitCompiled(boolean value) {
        this.jitCompiled = value;
        return this;
    }

    /** Appends {@code runName} to {@code runLog} at every run: to check the order of several candidates. */
    ScriptedCandidate logging(String runName, List<String> runLog) {
        this.name = runName;
        this.log = runLog;
        return this;
    }

    @Override
    public void run() {
        if (runs == failAtRun) {
            if (failWithError) {
                throw new AssertionError("scripted error at run " + runs);
            }
            throw new IllegalStateException("scripted failure at run " + runs);
        }
        long nominal = nanosOfRun.applyAsLong(runs);
        clock.advance(device == null ? nominal : device.scale(nominal));
        if (log != null) {
            log.add(name);
        }
        runs++;
    }

    @Override
    public float[] runAndCopyOutput() {
        run();
        return new float[0];
    }

    @Override
    public boolean jitCompiled() {
        return jitCompiled;
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
