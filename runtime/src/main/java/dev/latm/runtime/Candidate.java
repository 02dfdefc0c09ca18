package dev.latm.runtime;

/**
 * A network built by an {@link Engine}, with its input tensor allocated and filled, ready to run.
 * Not thread-safe: one measurement drives one candidate. Holds native or large memory, so the
 * caller closes it; {@link #close()} is idempotent.
 */
public interface Candidate extends AutoCloseable {

    /** One forward pass on the prepared input. The output is released (or overwritten) each run. */
    void run();

    /**
     * One forward pass whose logits are copied out, [batch * classes] in batch-major order. For
     * cross-checking engines; never inside a timed loop.
     */
    float[] runAndCopyOutput();

    /** Releases native memory and threads. Safe to call more than once. */
    @Override
    void close();
}
