package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.runtime.AbstractEngine;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.timing.FakeClock;
import dev.latm.runtime.timing.ScriptedCandidate;
import java.util.List;
import java.util.Set;

/**
 * An engine whose candidates take scripted times on a fake clock, so that the measurement use case is
 * tested exactly and without sleeping: each run advances the clock by the script's nominal time of that
 * network's run, times the device's current slowdown (a shared host slows every network alike).
 */
final class ScriptedEngine extends AbstractEngine {
    static final String NAME = "scripted";

    /** Nominal nanoseconds of run {@code run} (0 = the first after build) of {@code network}. */
    @FunctionalInterface
    interface Script {
        long nanos(CompiledArchitecture network, int run);
    }

    private final FakeClock clock;
    private final Script script;
    private volatile long slowFrom = Long.MAX_VALUE;
    private volatile double slowdown = 1;
    private int built;

    ScriptedEngine(FakeClock clock, Script script) {
        super(NAME, "1", Set.of(Dtype.FLOAT32));
        this.clock = clock;
        this.script = script;
    }

    /** Every run that starts {@code afterNanos} from now or later takes {@code factor} times its nominal time. */
    void slowDown(long afterNanos, double factor) {
        this.slowdown = factor;
        this.slowFrom = clock.nanoTime() + afterNanos;
    }

    /** Candidates built so far. */
    synchronized int built() {
        return built;
    }

    @Override
    public synchronized Candidate build(CompiledArchitecture architecture, EngineOptions options) {
        built++;
        return new ScriptedCandidate(clock, run -> {
            double speed = clock.nanoTime() >= slowFrom ? slowdown : 1;
            return Math.round(script.nanos(architecture, run) * speed);
        });
    }

    @Override
    public LayerProfile profile(CompiledArchitecture architecture, EngineOptions options, int runs) {
        return new LayerProfile(List.of(), List.of(), runs, 0);
    }
}
