package dev.latm.engine.jvm.kernels;

import dev.latm.engine.spec.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * An {@link Activation} applied in place to floats a kernel has just stored (still in L1), equal
 * to {@link Activation#apply} up to float rounding: hard swish multiplies by 1/6 instead of
 * dividing by 6, swish uses the vector exp. Every activation maps 0 to 0, which keeps padding
 * lanes zero.
 *
 * <p>Why a separate pass instead of a fused store: with C2 (JDK 17), a vector that flows through
 * a method it does not inline, or through a phi that merges two computed vectors, is boxed, which
 * allocates on every store. A kernel tile is already near C2's inlining budget, and choosing the
 * activation per vector is such a phi. Here each activation is its own branch-free loop, compiled
 * on its own; the extra load and store per output vector cost ~1% of a layer.
 */
public final class VectorActivation {
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;
    private static final float SIXTH = 1f / 6f;

    private final Activation activation;

    private VectorActivation(Activation activation) {
        this.activation = activation;
    }

    public static VectorActivation of(Activation activation) {
        return new VectorActivation(activation);
    }

    /** Whether this is {@link Activation#NONE}, so callers can skip the pass. */
    public boolean isIdentity() {
        return activation == Activation.NONE;
    }

    /** Applies the activation to {@code floats} stored floats (a multiple of the vector length). */
    public void applyInPlace(float[] out, int offset, int floats) {
        switch (activation) {
            case NONE: break;
            case RELU: clamp(out, offset, floats, 0f, Float.POSITIVE_INFINITY); break;
            case RELU6: clamp(out, offset, floats, 0f, 6f); break;
            case HARD_SWISH: hardSwish(out, offset, floats); break;
            case SWISH: swish(out, offset, floats); break;
            default: throw new AssertionError(activation);
        }
    }

    private static void clamp(float[] out, int offset, int floats, float low, float high) {
        for (int i = offset; i < offset + floats; i += L) {
            FloatVector.fromArray(SPECIES, out, i).max(low).min(high).intoArray(out, i);
        }
    }

    private static void hardSwish(float[] out, int offset, int floats) {
        for (int i = offset; i < offset + floats; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, out, i);
            x.mul(x.add(3f).max(0f).min(6f)).mul(SIXTH).intoArray(out, i);
        }
    }

    private static void swish(float[] out, int offset, int floats) {
        for (int i = offset; i < offset + floats; i += L) {
            FloatVector x = FloatVector.fromArray(SPECIES, out, i);
            x.div(x.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(out, i);
        }
    }
}
