package dev.latm.runtime.jvm;

import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Network;
import dev.latm.model.weights.SeededWeights;
import dev.latm.runtime.BuildCancellation;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.jvm.kernels.Lanes;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A network prepared by {@link JavaEngine}: one {@link LayerStep} per IR layer in topological
 * order, activation buffers shared by liveness, the input image generated once, and a
 * {@link WorkerPool}. {@link #run()} walks the steps and allocates nothing. Not thread-safe.
 */
final class JavaCandidate implements Candidate {
    private final LayerStep[] steps;
    private final WorkerPool pool;
    private final float[] output;
    private final int batch;
    private final int classes;
    private boolean closed;

    private JavaCandidate(LayerStep[] steps, WorkerPool pool, float[] output, int batch, int classes) {
        this.steps = steps;
        this.pool = pool;
        this.output = output;
        this.batch = batch;
        this.classes = classes;
    }

    /**
     * Allocates the buffers, generates the input, packs every layer's weights and starts the pool,
     * polling {@code cancelled} between these steps; nothing needs closing until the pool starts, last.
     */
    static JavaCandidate build(Network network, SeededWeights weights, int threads, boolean spinning,
                               BooleanSupplier cancelled) {
        BuildCancellation.check(cancelled);
        BufferPlan buffers = BufferPlan.plan(network);
        BuildCancellation.check(cancelled);
        float[] input = weights.input(network.inputShape());
        LayerSteps factory = new LayerSteps(weights, buffers, input);
        List<Layer> layers = network.layers();
        LayerStep[] steps = new LayerStep[layers.size()];
        for (int i = 0; i < steps.length; i++) {
            BuildCancellation.check(cancelled);
            steps[i] = factory.create(layers.get(i));
        }
        BuildCancellation.check(cancelled);
        Layer last = network.output();
        WorkerPool pool = new WorkerPool(threads, spinning, "latm-java-worker");
        return new JavaCandidate(steps, pool, buffers.of(last.name()), last.outputShape().batch(),
                last.outputShape().channels());
    }

    @Override
    public void run() {
        checkOpen();
        for (LayerStep step : steps) {
            runStep(step);
        }
    }

    /** One forward pass that adds each step's wall time, in nanoseconds, to {@code nanos[step]}. */
    void runTimed(long[] nanos) {
        checkOpen();
        for (int i = 0; i < steps.length; i++) {
            long start = System.nanoTime();
            runStep(steps[i]);
            nanos[i] += System.nanoTime() - start;
        }
    }

    private void runStep(LayerStep step) {
        for (int phase = 0; phase < step.phases(); phase++) {
            pool.run(step, phase);
        }
    }

    /** Every kernel is Java on the Vector API: the JIT decides how fast this candidate runs. */
    @Override
    public boolean jitCompiled() {
        return true;
    }

    @Override
    public float[] runAndCopyOutput() {
        run();
        float[] logits = new float[batch * classes];
        int paddedClasses = Lanes.padded(classes);
        for (int image = 0; image < batch; image++) {
            System.arraycopy(output, image * paddedClasses, logits, image * classes, classes);
        }
        return logits;
    }

    /** The steps' layer names and ops, in execution order. */
    LayerStep[] steps() {
        return steps.clone();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("candidate is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.close();
        }
    }
}
