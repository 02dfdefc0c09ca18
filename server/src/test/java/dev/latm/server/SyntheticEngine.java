package dev.latm.server;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.predict.SyntheticDevice;
import dev.latm.model.predict.Unit;
import dev.latm.model.predict.Units;
import dev.latm.runtime.AbstractEngine;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.UnsupportedDtypeException;
import dev.latm.runtime.timing.Clock;
import dev.latm.runtime.timing.FakeClock;
import dev.latm.runtime.timing.ScriptedCandidate;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A device whose latencies are known, for end-to-end tests of what learns from measurements: an engine
 * whose candidates take, on a fake clock, exactly the {@link SyntheticDevice} cost of their units (a
 * known additive cost per unit plus a fixed overhead) times lognormal noise per run. Nothing is
 * computed and nothing sleeps, so a campaign of a hundred networks through a real server takes
 * seconds, and the noise is seeded by the architecture, so measuring a network again gives the same
 * result. {@link #slowDown} makes the device slower from then on (a stale predictor); {@link #hold()}
 * makes runs wait until {@link #release()} (a measurement that takes as long as a test wants).
 */
public final class SyntheticEngine extends AbstractEngine {
    public static final String NAME = "synthetic";
    public static final String VERSION = "1.0";

    private final SyntheticDevice device = new SyntheticDevice(false, 0);
    private final double noise;
    private final FakeClock clock = new FakeClock();
    private volatile double speed = 1;
    private volatile CountDownLatch gate;
    private volatile CountDownLatch running = new CountDownLatch(1);

    /** @param noise standard deviation of the log of each run's noise (0.02: about 2%) */
    public SyntheticEngine(double noise) {
        super(NAME, VERSION, Set.of(Dtype.FLOAT32));
        this.noise = noise;
    }

    /** The clock the server must time with: only this engine's runs move it. */
    public Clock clock() {
        return clock;
    }

    /** A registry holding only this engine. */
    public EngineRegistry registry() {
        return new EngineRegistry(List.of(new EngineRegistry.Entry(NAME, dtypes(), () -> this)));
    }

    /** Starts a Netty server on {@code config}'s address with this engine as its default, timed on its clock. */
    public LatmServer start(ServerConfig.Builder config) throws IOException {
        ServerConfig built = config.defaultEngine(NAME).build();
        return new LatmServer(built, NettyServerBuilder.forAddress(new InetSocketAddress(built.bindHost(),
                built.port())), registry(), clock()).start();
    }

    /** The noise-free latency of a compiled network on this device, in milliseconds, at the current speed. */
    public double trueMs(CompiledArchitecture compiled) {
        return speed * device.trueMs(Units.of(compiled.network()));
    }

    /** From now on every run takes {@code factor} times as long. */
    public void slowDown(double factor) {
        speed *= factor;
    }

    /** Makes every run wait until {@link #release()}. */
    public void hold() {
        running = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    /** Waits until a run is waiting at the gate {@link #hold()} closed. */
    public boolean awaitHeldRun(long seconds) throws InterruptedException {
        return running.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
        CountDownLatch open = gate;
        gate = null;
        if (open != null) {
            open.countDown();
        }
    }

    @Override
    public Candidate build(CompiledArchitecture architecture, EngineOptions options) {
        requireFloat32(options);
        double ms = trueMs(architecture);
        // seeded by the network, so measuring it again times the same runs
        SplittableRandom random = new SplittableRandom(Long.parseUnsignedLong(architecture.id().substring(0, 15), 16));
        return new ScriptedCandidate(clock, run -> {
            waitAtGate();
            return Math.round(ms * 1e6 * Math.exp(noise * random.nextGaussian()));
        });
    }

    /** Each layer's cost, 10% inflated as a profiler would, in execution order. */
    @Override
    public LayerProfile profile(CompiledArchitecture architecture, EngineOptions options, int runs) {
        requireFloat32(options);
        List<Unit> units = Units.of(architecture.network());
        List<LayerProfile.Row> layers = new ArrayList<>();
        double total = units.stream().mapToDouble(unit -> 1.1 * speed * device.unitMs(unit)).sum();
        for (Unit unit : units) {
            double ms = 1.1 * speed * device.unitMs(unit);
            layers.add(new LayerProfile.Row(unit.layer(), unit.kind().name().toLowerCase(java.util.Locale.ROOT), ms,
                    ms / total));
        }
        return new LayerProfile(layers, List.of(), runs, total);
    }

    private void waitAtGate() {
        CountDownLatch closed = gate;
        if (closed == null) {
            return;
        }
        running.countDown();
        try {
            if (!closed.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a held run was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the harness sees it and stops the measurement
        }
    }

    private static void requireFloat32(EngineOptions options) {
        if (options.dtype() != Dtype.FLOAT32) {
            throw new UnsupportedDtypeException(NAME, options.dtype(), Set.of(Dtype.FLOAT32), "it is a test double");
        }
    }
}
