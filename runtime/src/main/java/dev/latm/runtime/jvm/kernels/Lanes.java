package dev.latm.runtime.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape every kernel is written for, and the activation layout it implies.
 *
 * <p><b>Layout: NHWC with the channel dimension padded to whole vectors.</b> An activation tensor
 * [N, C, H, W] is stored as {@code float[N * H * W * paddedChannels]}, element (n, c, y, x) at
 * {@code ((n * H + y) * W + x) * paddedChannels + c}. Why this layout:
 * <ul>
 *   <li>pointwise convolutions (most of the MACs) become one GEMM [pixels x C_in] x [C_in x C_out]
 *       whose output rows are contiguous channel vectors: the micro-kernel broadcasts one input
 *       value and multiplies a packed weight vector, with no transposes;</li>
 *   <li>depthwise convolutions vectorise across channels, so stride 2 costs the same as stride 1
 *       (no de-interleaving of pixels, which NCHW would need) and borders are per pixel, never
 *       per lane;</li>
 *   <li>padding channels to a multiple of the vector length removes every masked tail: masked
 *       loads and stores are slow in JDK 17's incubating Vector API. Padding lanes hold zero and
 *       stay zero, because padded weights and biases are zero and every activation maps 0 to 0,
 *       so no kernel ever has to clean them.</li>
 * </ul>
 * Blocked NCHWc would serve the depthwise kernels equally well but scatters a pixel's input
 * channels over planes, which the GEMM's broadcasts would then have to gather.
 *
 * <p><b>Rules every kernel follows so that C2 (JDK 17) keeps vectors in registers.</b> Where C2
 * cannot intrinsify a Vector API call it falls back to Java code that allocates a box per vector,
 * on every call, forever; which compilation a method gets depends on the profiles that exist
 * when it is compiled, so a kernel that is allocation-free in one JVM can allocate in another.
 * Hence, with no exceptions:
 * <ol>
 *   <li>No vector crosses a method boundary (argument or return value): a call C2 does not
 *       inline boxes it. Results are stored into arrays instead.</li>
 *   <li>The receiver of a Vector API call is never a phi (a loop-carried or merged value), whose
 *       static type is the abstract {@code FloatVector}: intrinsics need the exact class. Sums
 *       accumulate as {@code fresh.add(sum)} or {@code fresh.fma(w, sum)}, and a loop's result
 *       is stored as {@code ZERO.add(sum).intoArray(...)}, a constant receiver.</li>
 *   <li>No vector is carried through nested loops: one flat loop per accumulation.</li>
 *   <li>Tiles call the Vector API directly, never through small helpers: past C2's inlining node
 *       budget it still inlines the API's own force-inline methods but not ours.</li>
 *   <li>Reinterpret casts name their target species.</li>
 * </ol>
 * {@code JavaEngineTest} checks the result: a warmed-up run allocates nothing.
 */
public final class Lanes {

    /** The widest vector the CPU runs natively: 16 floats with AVX-512, 8 with AVX2. */
    public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Ints of the same width, for bit manipulation of float vectors. */
    public static final VectorSpecies<Integer> INT_SPECIES = VectorSpecies.of(int.class, SPECIES.vectorShape());

    /** Floats per vector. */
    public static final int COUNT = SPECIES.length();

    private Lanes() {
    }

    /** The channel stride of a tensor with {@code channels} channels: rounded up to whole vectors. */
    public static int padded(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1 (got " + channels + ")");
        }
        return (channels + COUNT - 1) / COUNT * COUNT;
    }
}
