package dev.latm.runtime;

/**
 * How an engine builds a candidate.
 *
 * @param threads      intra-op threads, >= 1
 * @param optimization graph optimisation level (engines without a graph optimiser ignore it)
 * @param spinning     whether idle worker threads spin (lower latency, burns a core) or park
 * @param seed         seed of the deterministic weights and input; engines given the same seed
 *                     compute the same function
 */
public record EngineOptions(int threads, GraphOptimization optimization, boolean spinning, long seed) {

    public static final long DEFAULT_SEED = 20190529L;

    public static final EngineOptions DEFAULT = new EngineOptions(1, GraphOptimization.ALL, true, DEFAULT_SEED);

    public EngineOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 (got " + threads + ")");
        }
    }

    public EngineOptions withThreads(int newThreads) {
        return new EngineOptions(newThreads, optimization, spinning, seed);
    }

    public EngineOptions withSeed(long newSeed) {
        return new EngineOptions(threads, optimization, spinning, newSeed);
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
