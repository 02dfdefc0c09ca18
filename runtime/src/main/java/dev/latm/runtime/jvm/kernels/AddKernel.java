package dev.latm.runtime.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise sum of two tensors of one shape (a residual connection), in chunks threads split. */
public final class AddKernel {
    /** Floats per work item: big enough to amortise the split, small enough to balance threads. */
    static final int CHUNK = 4096;
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;

    private final int size;

    private AddKernel(int size) {
        this.size = size;
    }

    /** @param size floats per tensor, a multiple of {@link Lanes#COUNT} (padded channels ensure it) */
    public static AddKernel prepare(int size) {
        if (size < 1 || size % L != 0) {
            throw new IllegalArgumentException("add needs a positive multiple of " + L + " floats (got " + size + ")");
        }
        return new AddKernel(size);
    }

    public int workItems() {
        return (size + CHUNK - 1) / CHUNK;
    }

    /** out = left + right over chunks [first, end); {@code out} may be either input. */
    public void run(float[] left, float[] right, float[] out, int first, int end) {
        int stop = Math.min(size, end * CHUNK);
        for (int i = first * CHUNK; i < stop; i += L) {
            FloatVector.fromArray(SPECIES, left, i).add(FloatVector.fromArray(SPECIES, right, i)).intoArray(out, i);
        }
    }
}
