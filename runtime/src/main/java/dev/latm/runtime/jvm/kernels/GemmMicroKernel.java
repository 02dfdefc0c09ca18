package dev.latm.runtime.jvm.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM tile every convolution and linear layer runs on:
 * <pre>
 *   out[row][column] = init[row][column] + sum_d a[aOffset + row * aRowStride + d] * w[d][column]
 * </pre>
 * for {@code rows} rows and {@code width} vectors of columns. {@code a} is read by broadcast, one
 * float per row and depth step; {@code w} is a packed weight panel, [depth][width vectors]. Passing
 * {@code initRowStride = 0} starts every row from the bias; passing the output itself accumulates
 * onto an earlier pass, which is how a k x k convolution with long filter rows runs as k passes.
 *
 * <p>6 rows x 3 vectors is 18 accumulators + 3 weights + 1 broadcast, inside AVX-512's 32
 * registers; each depth step issues 3 loads and 6 broadcasts for 18 FMAs.
 *
 * <p>The tiles store raw sums; callers run the activation afterwards over what they stored, while
 * it is in L1. Fusing it into each store costs more: every Vector API call expands to hundreds of
 * C2 nodes, an activation per accumulator pushes a tile past C2's inlining node budget, and the
 * stores it then declines to inline box their vectors (an allocation per store). Past that budget
 * C2 still inlines the Vector API's own force-inline methods but not ours, which is why the tiles
 * call {@code fromArray} and {@code intoArray} directly instead of through helpers. No vector is
 * carried through nested loops either, and accumulators leave the loop through {@code ZERO.add}
 * (see {@link Lanes} for why).
 */
final class GemmMicroKernel {
    static final int TALL_ROWS = 6;
    static final int TALL_MAX_WIDTH = 3;
    static final int WIDE_MAX_WIDTH = 4;
    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int L = Lanes.COUNT;
    private static final FloatVector ZERO = FloatVector.zero(SPECIES);

    private GemmMicroKernel() {
    }

    /**
     * One tile of raw sums: {@value #TALL_ROWS} rows x 1..{@value #TALL_MAX_WIDTH} vectors, or 1 row
     * x 1..{@value #WIDE_MAX_WIDTH} vectors.
     */
    static void tile(int rows, int width, float[] a, int aOffset, int aRowStride, int depth, float[] w, int wOffset,
                     float[] init, int initOffset, int initRowStride, float[] out, int outOffset, int outRowStride) {
        if (rows == TALL_ROWS) {
            if (width == 3) {
                tile6x3(a, aOffset, aRowStride, depth, w, wOffset, init, initOffset, initRowStride, out, outOffset,
                        outRowStride);
            } else if (width == 2) {
                tile6x2(a, aOffset, aRowStride, depth, w, wOffset, init, initOffset, initRowStride, out, outOffset,
                        outRowStride);
            } else {
                tile6x1(a, aOffset, aRowStride, depth, w, wOffset, width, init, initOffset, initRowStride, out,
                        outOffset, outRowStride);
            }
        } else if (width == 4) {
            row1x4(a, aOffset, depth, w, wOffset, init, initOffset, out, outOffset);
        } else {
            for (int vector = 0; vector < width; vector++) {
                row1x1(a, aOffset, depth, w, wOffset + vector * L, width, init, initOffset + vector * L, out,
                        outOffset + vector * L);
            }
        }
    }

    private static void tile6x3(float[] a, int aOffset, int aRowStride, int depth, float[] w, int wOffset,
                                float[] init, int initOffset, int initRowStride, float[] out, int outOffset,
                                int outRowStride) {
        int i0 = initOffset;
        FloatVector c00 = FloatVector.fromArray(SPECIES, init, i0), c01 = FloatVector.fromArray(SPECIES, init, i0 + L), c02 = FloatVector.fromArray(SPECIES, init, i0 + 2 * L);
        int i1 = i0 + initRowStride;
        FloatVector c10 = FloatVector.fromArray(SPECIES, init, i1), c11 = FloatVector.fromArray(SPECIES, init, i1 + L), c12 = FloatVector.fromArray(SPECIES, init, i1 + 2 * L);
        int i2 = i1 + initRowStride;
        FloatVector c20 = FloatVector.fromArray(SPECIES, init, i2), c21 = FloatVector.fromArray(SPECIES, init, i2 + L), c22 = FloatVector.fromArray(SPECIES, init, i2 + 2 * L);
        int i3 = i2 + initRowStride;
        FloatVector c30 = FloatVector.fromArray(SPECIES, init, i3), c31 = FloatVector.fromArray(SPECIES, init, i3 + L), c32 = FloatVector.fromArray(SPECIES, init, i3 + 2 * L);
        int i4 = i3 + initRowStride;
        FloatVector c40 = FloatVector.fromArray(SPECIES, init, i4), c41 = FloatVector.fromArray(SPECIES, init, i4 + L), c42 = FloatVector.fromArray(SPECIES, init, i4 + 2 * L);
        int i5 = i4 + initRowStride;
        FloatVector c50 = FloatVector.fromArray(SPECIES, init, i5), c51 = FloatVector.fromArray(SPECIES, init, i5 + L), c52 = FloatVector.fromArray(SPECIES, init, i5 + 2 * L);
        int row0 = aOffset;
        int row1 = row0 + aRowStride;
        int row2 = row1 + aRowStride;
        int row3 = row2 + aRowStride;
        int row4 = row3 + aRowStride;
        int row5 = row4 + aRowStride;
        int wi = wOffset;
        for (int d = 0; d < depth; d++, wi += 3 * L) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wi);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wi + L);
            FloatVector w2 = FloatVector.fromArray(SPECIES, w, wi + 2 * L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[row0 + d]);
            c00 = w0.fma(x, c00); c01 = w1.fma(x, c01); c02 = w2.fma(x, c02);
            x = FloatVector.broadcast(SPECIES, a[row1 + d]);
            c10 = w0.fma(x, c10); c11 = w1.fma(x, c11); c12 = w2.fma(x, c12);
            x = FloatVector.broadcast(SPECIES, a[row2 + d]);
            c20 = w0.fma(x, c20); c21 = w1.fma(x, c21); c22 = w2.fma(x, c22);
            x = FloatVector.broadcast(SPECIES, a[row3 + d]);
            c30 = w0.fma(x, c30); c31 = w1.fma(x, c31); c32 = w2.fma(x, c32);
            x = FloatVector.broadcast(SPECIES, a[row4 + d]);
            c40 = w0.fma(x, c40); c41 = w1.fma(x, c41); c42 = w2.fma(x, c42);
            x = FloatVector.broadcast(SPECIES, a[row5 + d]);
            c50 = w0.fma(x, c50); c51 = w1.fma(x, c51); c52 = w2.fma(x, c52);
        }
        int o = outOffset;
        ZERO.add(c00).intoArray(out, o); ZERO.add(c01).intoArray(out, o + L); ZERO.add(c02).intoArray(out, o + 2 * L);
        o += outRowStride;
        ZERO.add(c10).intoArray(out, o); ZERO.add(c11).intoArray(out, o + L); ZERO.add(c12).intoArray(out, o + 2 * L);
        o += outRowStride;
        ZERO.add(c20).intoArray(out, o); ZERO.add(c21).intoArray(out, o + L); ZERO.add(c22).intoArray(out, o + 2 * L);
        o += outRowStride;
        ZERO.add(c30).intoArray(out, o); ZERO.add(c31).intoArray(out, o + L); ZERO.add(c32).intoArray(out, o + 2 * L);
        o += outRowStride;
        ZERO.add(c40).intoArray(out, o); ZERO.add(c41).intoArray(out, o + L); ZERO.add(c42).intoArray(out, o + 2 * L);
        o += outRowStride;
        ZERO.add(c50).intoArray(out, o); ZERO.add(c51).intoArray(out, o + L); ZERO.add(c52).intoArray(out, o + 2 * L);
    }

    private static void tile6x2(float[] a, int aOffset, int aRowStride, int depth, float[] w, int wOffset,
                                float[] init, int initOffset, int initRowStride, float[] out, int outOffset,
                                int outRowStride) {
        int i0 = initOffset;
        FloatVector c00 = FloatVector.fromArray(SPECIES, init, i0), c01 = FloatVector.fromArray(SPECIES, init, i0 + L);
        int i1 = i0 + initRowStride;
        FloatVector c10 = FloatVector.fromArray(SPECIES, init, i1), c11 = FloatVector.fromArray(SPECIES, init, i1 + L);
        int i2 = i1 + initRowStride;
        FloatVector c20 = FloatVector.fromArray(SPECIES, init, i2), c21 = FloatVector.fromArray(SPECIES, init, i2 + L);
        int i3 = i2 + initRowStride;
        FloatVector c30 = FloatVector.fromArray(SPECIES, init, i3), c31 = FloatVector.fromArray(SPECIES, init, i3 + L);
        int i4 = i3 + initRowStride;
        FloatVector c40 = FloatVector.fromArray(SPECIES, init, i4), c41 = FloatVector.fromArray(SPECIES, init, i4 + L);
        int i5 = i4 + initRowStride;
        FloatVector c50 = FloatVector.fromArray(SPECIES, init, i5), c51 = FloatVector.fromArray(SPECIES, init, i5 + L);
        int row0 = aOffset;
        int row1 = row0 + aRowStride;
        int row2 = row1 + aRowStride;
        int row3 = row2 + aRowStride;
        int row4 = row3 + aRowStride;
        int row5 = row4 + aRowStride;
        int wi = wOffset;
        for (int d = 0; d < depth; d++, wi += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(SPECIES, w, wi);
            FloatVector w1 = FloatVector.fromArray(SPECIES, w, wi + L);
            FloatVector x = FloatVector.broadcast(SPECIES, a[row0 + d]);
            c00 = w0.fma(x, c00); c01 = w1.fma(x, c01);
            x = FloatVector.broadcast(SPECIES, a[row1 + d]);
            c10 = w0.fma(x, c10); c11 = w1.fma(x, c11);
            x = FloatVector.broadcast(SPECIES, a[row2 + d]);
            c20 = w0.fma(x, c20); c21 = w1.fma(x, c21);
            x = FloatVector.broadcast(SPECIES, a[row3 + d]);
            c30 = w0.fma(x, c30); c31 = w1.fma(x, c31);
            x = FloatVector.broadcast(SPECIES, a[row4 + d]);
            c40 = w0.fma(x, c40); c41 = w1.fma(x, c41);
            x = FloatVector.broadcast(SPECIES, a[row5 + d]);
            c50 = w0.fma(x, c50); c51 = w1.fma(x, c51);
        }
        int o = outOffset;
        ZERO.add(c00).intoArray(out, o); ZERO.add(c01).intoArray(out, o + L);
        o += outRowStride;
        ZERO.add(c10).intoArray(out, o); ZERO.add(c11).intoArray(out, o + L);
        o += outRowStride;
        ZERO.add(c20).intoArray(out, o); ZERO.add(c21).intoArray(out, o + L);
        o += outRowStride;
        ZERO.add(c30).intoArray(out, o); ZERO.add(c31).intoArray(out, o + L);
        o += outRowStride;
        ZERO.add(c40).intoArray(out, o); ZERO.add(c41).intoArray(out, o + L);
        o += outRowStride;
        ZERO.add(c50).intoArray(out, o); ZERO.add(c51).intoArray(out, o + L);
    }

    /** One vector of a panel {@code panelWidth} vectors wide (the panel's only one when 1). */
    private static void tile6x1(float[] a, int aOffset, int aRowStride, int depth, float[] w, int wOffset,
                                int panelWidth, float[] init, int initOffset, int initRowStride, float[] out,
                                int outOffset, int outRowStride) {
        for (int vector = 0; vector < panelWidth; vector++) {
            int v = vector * L;
            int i = initOffset + v;
            FloatVector c0 = FloatVector.fromArray(SPECIES, init, i);
            FloatVector c1 = FloatVector.fromArray(SPECIES, init, i += initRowStride);
            FloatVector c2 = FloatVector.fromArray(SPECIES, init, i += initRowStride);
            FloatVector c3 = FloatVector.fromArray(SPECIES, init, i += initRowStride);
            FloatVector c4 = FloatVector.fromArray(SPECIES, init, i += initRowStride);
            FloatVector c5 = FloatVector.fromArray(SPECIES, init, i + initRowStride);
            int row0 = aOffset;
            int row1 = row0 + aRowStride;
            int row2 = row1 + aRowStride;
            int row3 = row2 + aRowStride;
            int row4 = row3 + aRowStride;
            int row5 = row4 + aRowStride;
            int wi = wOffset + v;
            int step = panelWidth * L;
            for (int d = 0; d < depth; d++, wi += step) {
                FloatVector w0 = FloatVector.fromArray(SPECIES, w, wi);
                c0 = w0.fma(FloatVector.broadcast(SPECIES, a[row0 + d]), c0);
                c1 = w0.fma(FloatVector.broadcast(SPECIES, a[row1 + d]), c1);
                c2 = w0.fma(FloatVector.broadcast(SPECIES, a[row2 + d]), c2);
                c3 = w0.fma(FloatVector.broadcast(SPECIES, a[row3 + d]), c3);
                c4 = w0.fma(FloatVector.broadcast(SPECIES, a[row4 + d]), c4);
                c5 = w0.fma(FloatVector.broadcast(SPECIES, a[row5 + d]), c5);
            }
            int o = outOffset + v;
            ZERO.add(c0).intoArray(out, o);
            ZERO.add(c1).intoArray(out, o += outRowStride);
            ZERO.add(c2).intoArray(out, o += outRowStride);
            ZERO.add(c3).intoArray(out, o += outRowStride);
            ZERO.add(c4).intoArray(out, o += outRowStride);
            ZERO.add(c5).intoArray(out, o + outRowStride);
        }
    }

    private static void row1x4(float[] a, int aOffset, int depth, float[] w, int wOffset, float[] init,
                               int initOffset, float[] out, int outOffset) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, init, initOffset);
        FloatVector c1 = FloatVector.fromArray(SPECIES, init, initOffset + L);
        FloatVector c2 = FloatVector.fromArray(SPECIES, init, initOffset + 2 * L);
        FloatVector c3 = FloatVector.fromArray(SPECIES, init, initOffset + 3 * L);
        int wi = wOffset;
        for (int d = 0; d < depth; d++, wi += 4 * L) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[aOffset + d]);
            c0 = FloatVector.fromArray(SPECIES, w, wi).fma(x, c0);
            c1 = FloatVector.fromArray(SPECIES, w, wi + L).fma(x, c1);
            c2 = FloatVector.fromArray(SPECIES, w, wi + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(SPECIES, w, wi + 3 * L).fma(x, c3);
        }
        ZERO.add(c0).intoArray(out, outOffset);
        ZERO.add(c1).intoArray(out, outOffset + L);
        ZERO.add(c2).intoArray(out, outOffset + 2 * L);
        ZERO.add(c3).intoArray(out, outOffset + 3 * L);
    }

    private static void row1x1(float[] a, int aOffset, int depth, float[] w, int wOffset, int panelWidth,
                               float[] init, int initOffset, float[] out, int outOffset) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, init, initOffset);
        int step = panelWidth * L;
        for (int d = 0, wi = wOffset; d < depth; d++, wi += step) {
            c0 = FloatVector.fromArray(SPECIES, w, wi).fma(FloatVector.broadcast(SPECIES, a[aOffset + d]), c0);
        }
        ZERO.add(c0).intoArray(out, outOffset);
    }
}
