package dev.latm.runtime.jvm.kernels;

/**
 * Weights of a GEMM-shaped layer repacked for {@link GemmMicroKernel}: the padded output channels
 * are cut into column blocks of 1 to {@code maxWidth} vectors, and each block's weights are stored
 * as one contiguous panel [depth][block width], so the micro-kernel reads them strictly in order.
 * Lanes past the real output channels hold zero weights and a zero bias.
 */
final class WeightPanels {
    private static final int L = Lanes.COUNT;

    /** The weight of output channel {@code outChannel} at GEMM depth {@code depth}. */
    @FunctionalInterface
    interface Source {
        float weight(int outChannel, int depth);
    }

    final int depth;
    final float[] packed;
    /** Bias padded to whole vectors. */
    final float[] bias;
    /** Per block: first output column (a float index), width in vectors, offset of its panel. */
    final int[] column;
    final int[] width;
    final int[] offset;

    WeightPanels(int outChannels, int depth, int maxWidth, float[] bias, Source source) {
        int vectors = Lanes.padded(outChannels) / L;
        int blocks = (vectors + maxWidth - 1) / maxWidth;
        this.depth = depth;
        this.packed = new float[depth * vectors * L];
        this.bias = new float[vectors * L];
        this.column = new int[blocks];
        this.width = new int[blocks];
        this.offset = new int[blocks];
        System.arraycopy(bias, 0, this.bias, 0, outChannels);
        int next = 0;
        for (int block = 0; block < blocks; block++) {
            // spread evenly: 5 vectors as 3 + 2, not 3 + 1 + 1
            width[block] = vectors / blocks + (block < vectors % blocks ? 1 : 0);
            column[block] = next;
            offset[block] = next * depth;
            int lanes = width[block] * L;
            for (int d = 0; d < depth; d++) {
                for (int lane = 0; lane < lanes; lane++) {
                    int outChannel = next + lane;
                    if (outChannel < outChannels) {
                        packed[offset[block] + d * lanes + lane] = source.weight(outChannel, d);
                    }
                }
            }
            next += lanes;
        }
    }

    int blocks() {
        return width.length;
    }
}
