package dev.latm.runtime;

import dev.latm.model.CompiledArchitecture;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * An inference runtime that turns a compiled architecture into a runnable {@link Candidate}.
 * Implementations: ONNX Runtime ({@code onnxruntime}) and latm's own pure-Java engine ({@code java}).
 * Engines are thread-safe factories; the candidates they build are not.
 */
public interface Engine {

    /** The name requests select the engine by, e.g. {@code onnxruntime}. */
    String name();

    /** The runtime's version, part of every result's key (a new runtime is a new measurement). */
    String version();

    /**
     * The numeric formats {@link #build} and {@link #profile} accept in {@link EngineOptions#dtype()};
     * a request layer checks it first, so that asking for another is a bad request naming the
     * engines that do support it (see {@link Engines#supporting}).
     */
    Set<Dtype> dtypes();

    /**
     * Builds a runnable candidate: weights generated from {@code options.seed()}, graph prepared,
     * input tensor allocated. All allocation happens here, none in {@link Candidate#run()}.
     *
     * @throws UnsupportedDtypeException when {@code options.dtype()} is not in {@link #dtypes()}
     * @throws EngineException when the runtime cannot build the network
     */
    Candidate build(CompiledArchitecture architecture, EngineOptions options);

    /**
     * {@link #build(CompiledArchitecture, EngineOptions)} that can be cancelled: {@code cancelled} is
     * polled between build steps (lowering and weight generation, session creation, buffer allocation,
     * weight packing), and a build it stops releases what it made and throws. A step already running
     * finishes first (ONNX Runtime cannot stop a session creation), so the longest step bounds how long
     * a cancelled build keeps its thread. The default polls only before building.
     *
     * @param cancelled cheap and non-blocking; a true answer, or the thread's interrupt flag, stops the build
     * @throws dev.latm.runtime.timing.MeasurementCancelledException when the build was stopped (phase BUILD)
     * @throws EngineException when the runtime cannot build the network
     */
    default Candidate build(CompiledArchitecture architecture, EngineOptions options, BooleanSupplier cancelled) {
        BuildCancellation.check(cancelled);
        return build(architecture, options);
    }

    /**
     * Runs the architecture {@code runs} times with per-layer timing and returns the mean time of
     * every IR layer. Separate from {@link #build} because profiling slows every run it observes.
     *
     * @throws UnsupportedDtypeException when {@code options.dtype()} is not in {@link #dtypes()}
     * @throws EngineException when the runtime cannot build or profile the network
     */
    LayerProfile profile(CompiledArchitecture architecture, EngineOptions options, int runs);
}
