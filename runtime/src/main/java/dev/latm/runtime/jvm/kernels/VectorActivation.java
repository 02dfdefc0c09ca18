package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * An {@link Activation} applied in place to floats a kernel has just stored (still in L1), equal
 * to {@link Activation#apply} up to float rounding: hard swish multiplies by 1/6 instead of
 * dividing by 6, and swish computes exp with a polynomial (within 2 ulp of {@link Math#exp}) made
 * of plain vector arithmetic, so it gives the same bits whether the JIT has compiled it or not
 * (the Vector API's own exp is SVML once compiled and {@code Math.exp} before). Every activation
 * maps 0 to 0, which keeps padding lanes zero.
 *
 * <p>Why a separate pass instead of a fused store: with C2 (JDK 17), a vector that flows through
 * a method it does not inline, or through a phi that merges two computed vectors, is boxed, which
 * allocates on every store. A kernel tile is already near C2's inlining budget, and choosing the
 * activation per vector is such a phi. Here each activation is its own branch-free loop, compiled
 * on its own; the extra load and store per output vector cost ~1% of a layer.
 */
public final class VectorActivation {
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final VectorSpecies<Integer> INT_SPECIES = Lanes.INT_SPECIES;
    private static final int L = Lanes.COUNT;
    private static final float SIXTH = 1f / 6f;
    // exp(x) = 2^k * exp(r), k = round(x / ln 2), r = x - k ln 2 (Cody-Waite split of ln 2), and a
    // degree-7 minimax polynomial for exp(r) on [-ln 2 / 2, ln 2 / 2] (Cephes expf)
    private static final float EXP_MIN = -87.3f;
    private static final float EXP_MAX = 88.37f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds to an integer that then sits in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    private static final float[] EXP_POLYNOMIAL = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
        4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};

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
            FloatVector z = x.neg().max(EXP_MIN).min(EXP_MAX);
            FloatVector rounded = z.mul(LOG2E).add(ROUNDER);
            FloatVector k = rounded.sub(ROUNDER);
            FloatVector r = k.mul(-LN2_HIGH).add(z).sub(k.mul(LN2_LOW));
            FloatVector p = FloatVector.broadcast(SPECIES, EXP_POLYNOMIAL[0]);
            p = p.fma(r, FloatVector.broadcast(SPECIES, EXP_POLYNOMIAL[1]));
            p = p.fma(r, FloatVector.broadcast(SPECIES, EXP_POLYNOMIAL[2]));
            p = p.fma(r, FloatVector.broadcast(SPECIES, EXP_POLYNOMIAL[3]));
            p = p.fma(r, FloatVector.broadcast(SPECIES, EXP_POLYNOMIAL[4]));
            p = p.fma(r, FloatVector.broadcast(SPECIES, EXP_POLYNOMIAL[5]));
            p = p.fma(r.mul(r), r).add(1f);
            // 2^k: k + 127 shifted into the exponent field (the rounder's own bits shift out). The
            // casts name their species: reinterpretAsInts() looks its species up, which C2 cannot
            // always fold, and then compiles the whole loop to boxed fallbacks
            FloatVector scale = (FloatVector) ((IntVector) rounded.reinterpretShape(INT_SPECIES, 0)).add(127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretShape(SPECIES, 0);
            x.div(p.mul(scale).add(1f)).intoArray(out, i);
        }
    }
}
