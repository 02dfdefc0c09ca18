package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.Activation;

/**
 * 1 x 1 convolution (stride 1) + bias + activation as a GEMM on NHWC tensors:
 * out[pixel, outChannel] = act(bias + sum_inChannel in[pixel, inChannel] * w[outChannel, inChannel]).
 * The pixels of the whole batch are the GEMM's rows, so one kernel covers any batch; a linear layer
 * on pooled vectors is the same GEMM with one row per image ({@link LinearKernel}).
 *
 * <p>Blocking: a {@link GemmMicroKernel} tile is 6 pixels x up to 3 output vectors accumulated in
 * registers over all input channels (the depth is at most a few thousand, so no depth blocking is
 * needed). A work item is one pixel tile across all column blocks: its 6 input rows stay in L1
 * while the blocks pass over them, the packed weight panels of a layer (a few hundred KiB at most
 * in mobile networks) stay in L2, and the activation then runs once over the tile's 6 contiguous
 * output rows. The last pixel tile overlaps its neighbour instead of running a remainder kernel:
 * it recomputes a few rows with bit-identical sums. The two share one work item, so one thread
 * runs both: a second thread storing raw sums over rows the first has already activated would get
 * them activated twice. GEMMs with fewer than 6 rows (linear layers at small batch) use 1-row
 * tiles of up to 4 vectors, bound by streaming the weights; their work items are single column
 * blocks, so that threads can split even one row.
 *
 * <p>When the packed weights outgrow half of L2 ({@value #BLOCK_MAJOR_BYTES} bytes, e.g. the
 * 960 x 160 and 1280 x 320 layers at 7 x 7) a work item is one column block x one pixel tile,
 * ordered block-major: each weight panel is then read from L3 once and reused by every tile,
 * instead of the whole matrix being streamed again for every tile.
 */
public final class PointwiseConvKernel {
    /** Packed weights above this size run block-major (half of a 1 MiB L2). */
    static final int BLOCK_MAJOR_BYTES = 512 * 1024;

    private final int inChannels;
    private final int inStride;
    private final int outStride;
    private final int pixels;
    private final int tileRows;
    private final int tiles;
    /** Tiles that start a work item: all of them, less the overlapping last one. */
    private final int itemTiles;
    private final VectorActivation activation;
    private final WeightPanels panels;
    private final boolean blockMajor;

    private PointwiseConvKernel(int inChannels, int outChannels, int pixels, Activation activation,
                                WeightPanels panels) {
        this.inChannels = inChannels;
        this.inStride = Lanes.padded(inChannels);
        this.outStride = Lanes.padded(outChannels);
        this.pixels = pixels;
        this.tileRows = pixels >= GemmMicroKernel.TALL_ROWS ? GemmMicroKernel.TALL_ROWS : 1;
        this.tiles = (pixels + tileRows - 1) / tileRows;
        this.itemTiles = tiles > 1 && pixels % tileRows != 0 ? tiles - 1 : tiles;
        this.activation = VectorActivation.of(activation);
        this.panels = panels;
        this.blockMajor = tileRows > 1 && (long) panels.packed.length * Float.BYTES > BLOCK_MAJOR_BYTES;
    }

    /**
     * Repacks the weights for a GEMM of {@code pixels} rows.
     *
     * @param weights [outChannels, inChannels] (ONNX's [out, in, 1, 1], or a linear layer's [out, in])
     * @param bias    [outChannels]
     * @param pixels  GEMM rows per run: batch * height * width
     */
    public static PointwiseConvKernel prepare(float[] weights, float[] bias, int inChannels, int outChannels,
                                              int pixels, Activation activation) {
        if (inChannels < 1 || outChannels < 1 || pixels < 1 || weights.length != inChannels * outChannels
                || bias.length != outChannels) {
            throw new IllegalArgumentException("pointwise conv needs >= 1 pixel, " + outChannels + "x" + inChannels
                    + " weights and " + outChannels + " biases (got " + pixels + " pixels, " + weights.length
                    + " weights, " + bias.length + " biases)");
        }
        int maxWidth = pixels >= GemmMicroKernel.TALL_ROWS ? GemmMicroKernel.TALL_MAX_WIDTH
                : GemmMicroKernel.WIDE_MAX_WIDTH;
        WeightPanels panels = new WeightPanels(outChannels, inChannels, maxWidth, bias,
                (outChannel, inChannel) -> weights[outChannel * inChannels + inChannel]);
        return new PointwiseConvKernel(inChannels, outChannels, pixels, activation, panels);
    }

    /** Independent units of work for threads to split: pixel tiles, or row x block for 1-row tiles. */
    public int workItems() {
        if (tileRows == 1) {
            return pixels * panels.blocks();
        }
        return blockMajor ? panels.blocks() * itemTiles : itemTiles;
    }

    /** Floats of the input tensor: pixels x padded input channels. */
    public int inputSize() {
        return pixels * inStride;
    }

    /** Floats of the output tensor: pixels x padded output channels. */
    public int outputSize() {
        return pixels * outStride;
    }

    /** Computes work items [first, end) of {@code in} into {@code out}. */
    public void run(float[] in, float[] out, int first, int end) {
        if (tileRows == 1) {
            int blocks = panels.blocks();
            for (int item = first; item < end; item++) {
                int pixel = item / blocks;
                int block = item - pixel * blocks;
                tile(in, out, pixel, block);
                activation.applyInPlace(out, pixel * outStride + panels.column[block],
                        panels.width[block] * Lanes.COUNT);
            }
            return;
        }
        if (blockMajor) {
            for (int item = first; item < end; item++) {
                int block = item / itemTiles;
                int tile = item - block * itemTiles;
                tileOneBlock(in, out, tile, block);
                if (tile == itemTiles - 1 && itemTiles < tiles) {
                    tileOneBlock(in, out, tile + 1, block);
                }
            }
            return;
        }
        for (int item = first; item < end; item++) {
            tileAllBlocks(in, out, item);
            if (item == itemTiles - 1 && itemTiles < tiles) {
                tileAllBlocks(in, out, item + 1);
            }
        }
    }

    private void tileOneBlock(float[] in, float[] out, int tile, int block) {
        tile(in, out, tile, block);
        int at = firstPixel(tile) * outStride + panels.column[block];
        for (int row = 0; row < tileRows; row++, at += outStride) {
            activation.applyInPlace(out, at, panels.width[block] * Lanes.COUNT);
        }
    }

    private void tileAllBlocks(float[] in, float[] out, int tile) {
        for (int block = 0; block < panels.blocks(); block++) {
            tile(in, out, tile, block);
        }
        activation.applyInPlace(out, firstPixel(tile) * outStride, tileRows * outStride);
    }

    private int firstPixel(int tile) {
        return Math.min(tile * tileRows, pixels - tileRows);
    }

    private void tile(float[] in, float[] out, int tile, int block) {
        int pixel = firstPixel(tile);
        int column = panels.column[block];
        GemmMicroKernel.tile(tileRows, panels.width[block], in, pixel * inStride, inStride, inChannels,
                panels.packed, panels.offset[block], panels.bias, column, 0, out, pixel * outStride + column,
                outStride);
    }
}
