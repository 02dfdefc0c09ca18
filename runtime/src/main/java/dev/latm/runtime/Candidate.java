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

    /**
     * Whether {@link #run()} spends its time in code this JVM's JIT compiles (latm's Java engine), so
     * that its speed keeps changing until the JIT has finished with it. A timing harness then also
     * waits for the JVM's compilation activity to settle before it times the candidate. False for
     * engines whose work happens in native code (ONNX Runtime), where only a thin JNI call is Java.
     */
    default boolean jitCompiled() {
        return false;
    }

    /** Releases native memory and threads. Safe to call more than once. */
    @Override
    void close();
}
