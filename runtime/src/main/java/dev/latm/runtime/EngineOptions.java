package dev.latm.runtime;

import java.util.Objects;

/**
 * How an engine builds a candidate.
 *
 * @param threads      intra-op threads, >= 1
 * @param optimization graph optimisation level (engines without a graph optimiser ignore it)
 * @param spinning     whether idle worker threads spin (lower latency, burns a core) or park
 * @param seed         seed of the deterministic weights, input and (for {@link Dtype#INT8}) calibration
 *                     inputs; engines given the same seed compute the same function
 * @param dtype        the numeric format to compute in; an engine refuses a format it does not
 *                     list in {@link Engine#dtypes()}
 */
public record EngineOptions(int threads, GraphOptimization optimization, boolean spinning, long seed, Dtype dtype) {

    public static final long DEFAULT_SEED = 20190529L;

    public static final EngineOptions DEFAULT = new EngineOptions(1, GraphOptimization.ALL, true, DEFAULT_SEED,
            Dtype.FLOAT32);

    public EngineOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
        }
        Objects.requireNonNull(optimization, "optimization");
        Objects.requireNonNull(dtype, "dtype");
    }

    /** Float32 options, the form every caller used before numeric formats existed. */
    public EngineOptions(int threads, GraphOptimization optimization, boolean spinning, long seed) {
        this(threads, optimization, spinning, seed, Dtype.FLOAT32);
    }

    public EngineOptions withThreads(int newThreads) {
        return new EngineOptions(newThreads, optimization, spinning, seed, dtype);
    }

    public EngineOptions withSeed(long newSeed) {
        return new EngineOptions(threads, optimization, spinning, newSeed, dtype);
    }

    public EngineOptions withDtype(Dtype newDtype) {
        return new EngineOptions(threads, optimization, spinning, seed, newDtype);
    }

    /** Graph optimisation levels, as ONNX Runtime defines them. */
    public enum GraphOptimization {
        /** No graph rewrites. */
        NONE,
        /** Constant folding and redundant-node elimination. */
        BASIC,
        /** Plus node fusions (Conv + activation, ...). */
        EXTENDED,
        /** Every optimisation, layout transformations included. */
        ALL
    }
}
