package dev.latm.server;

import com.google.common.util.concurrent.Uninterruptibles;
import dev.latm.model.CompiledArchitecture;
import dev.latm.runtime.AbstractEngine;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.jvm.JavaEngine;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real java engine behind a gate the test opens: a build waits at the gate deaf to interrupts and
 * cancellation, as ONNX Runtime's session creation is, so a test can hold a build in the one step
 * nothing can stop, for as long as it needs and no longer.
 */
final class GatedEngine extends AbstractEngine {
    static final String NAME = "gated";

    private final Engine engine;
    private final CountDownLatch building = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);

    GatedEngine() {
        this(JavaEngine.create());
    }

    private GatedEngine(Engine engine) {
        super(NAME, engine.version(), engine.dtypes());
        this.engine = engine;
    }

    /** A registry with this engine (the default a test names) and nothing else. */
    EngineRegistry registry() {
        return new EngineRegistry(List.of(new EngineRegistry.Entry(NAME, dtypes(), () -> this)));
    }

    @Override
    public Candidate build(CompiledArchitecture architecture, EngineOptions options) {
        building.countDown();
        // bounded, so a test that never opens the gate cannot hang the suite
        Uninterruptibles.awaitUninterruptibly(gate, Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return engine.build(architecture, options);
    }

    @Override
    public LayerProfile profile(CompiledArchitecture architecture, EngineOptions options, int runs) {
        return engine.profile(architecture, options, runs);
    }

    /** Returns once a build waits at the gate. */
    void awaitBuilding() throws InterruptedException {
        if (!building.await(Await.TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("no build reached the gate within " + Await.TIMEOUT.toSeconds() + " s");
        }
    }

    void open() {
        gate.countDown();
    }
}
