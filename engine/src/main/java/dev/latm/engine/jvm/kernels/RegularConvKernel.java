package dev.latm.engine.jvm.kernels;

import dev.latm.engine.spec.Activation;

/**
 * Regular (groups = 1) k x k convolution, stride 1 or 2, "same" padding (k - 1) / 2, + bias +
 * activation, writing NHWC. Used by the stem (which reads the network's NCHW input directly), CONV
 * blocks and strided 1 x 1 convolutions.
 *
 * <p>Two phases. {@link #pad} copies the input into a zero-bordered NHWC scratch with unpadded
 * channels, so the compute phase never tests a border and a filter row's k x inChannels taps are
 * contiguous. {@link #compute} then runs, for each tile of 6 adjacent output pixels, k passes of
 * the {@link GemmMicroKernel} (one per filter row, depth k * inChannels) that accumulate into the
 * output; the activation then runs over each finished output row. The scratch (allocated here, at prepare) costs
 * one copy of the input, small next to the k * k * outChannels MACs per input value.
 */
public final class RegularConvKernel {
    /** How the input tensor is laid out. */
    public enum InputLayout {
        /** The engine's activation layout (see {@link Lanes}). */
        NHWC_PADDED,
        /** Plain NCHW, the network input's layout. */
        NCHW
    }

    private final InputLayout layout;
    private final int inChannels;
    private final int inStride;
    private final int outStride;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int batch;
    private final int inHeight;
    private final int inWidth;
    private final int paddedHeight;
    private final int paddedWidth;
    private final int outHeight;
    private final int outWidth;
    private final int tileRows;
    private final int tilesPerRow;
    private final VectorActivation activation;
    private final WeightPanels panels;
    private final float[] scratch;

    private RegularConvKernel(InputLayout layout, int inChannels, int outChannels, int kernel, int stride, int batch,
                              int inHeight, int inWidth, Activation activation, WeightPanels panels) {
        this.layout = layout;
        this.inChannels = inChannels;
        this.inStride = Lanes.padded(inChannels);
        this.outStride = Lanes.padded(outChannels);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = (kernel - 1) / 2;
        this.batch = batch;
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.paddedHeight = inHeight + 2 * padding;
        this.paddedWidth = inWidth + 2 * padding;
        this.outHeight = (paddedHeight - kernel) / stride + 1;
        this.outWidth = (paddedWidth - kernel) / stride + 1;
        this.tileRows = outWidth >= GemmMicroKernel.TALL_ROWS ? GemmMicroKernel.TALL_ROWS : 1;
        this.tilesPerRow = (outWidth + tileRows - 1) / tileRows;
        this.activation = VectorActivation.of(activation);
        this.panels = panels;
        this.scratch = new float[Math.multiplyExact(batch * paddedHeight, paddedWidth * inChannels)];
    }

    /**
     * @param weights [outChannels, inChannels, kernel, kernel], ONNX's layout
     * @param bias    [outChannels]
     */
    public static RegularConvKernel prepare(float[] weights, float[] bias, InputLayout layout, int inChannels,
                                            int outChannels, int kernel, int stride, int batch, int height,
                                            int width, Activation activation) {
        if (kernel < 1 || kernel % 2 == 0 || (stride != 1 && stride != 2)) {
            throw new IllegalArgumentException("conv needs an odd kernel and stride 1 or 2 (got kernel " + kernel
                    + ", stride " + stride + ")");
        }
        if (weights.length != outChannels * inChannels * kernel * kernel || bias.length != outChannels) {
            throw new IllegalArgumentException("conv needs " + outChannels + "x" + inChannels + "x" + kernel + "x"
                    + kernel + " weights and " + outChannels + " biases (got " + weights.length + ", "
                    + bias.length + ")");
        }
        int taps = kernel * inChannels;
        // GEMM depth d = (filterY * kernel + filterX) * inChannels + inChannel: the scratch's order
        WeightPanels panels = new WeightPanels(outChannels, kernel * taps, outWidth(width, kernel, stride)
                >= GemmMicroKernel.TALL_ROWS ? GemmMicroKernel.TALL_MAX_WIDTH : GemmMicroKernel.WIDE_MAX_WIDTH,
                bias, (outChannel, d) -> {
                    int filterY = d / taps;
                    int filterX = d % taps / inChannels;
                    int inChannel = d % inChannels;
                    return weights[((outChannel * inChannels + inChannel) * kernel + filterY) * kernel + filterX];
                });
        return new RegularConvKernel(layout, inChannels, outChannels, kernel, stride, batch, height, width,
                activation, panels);
    }

    private static int outWidth(int width, int kernel, int stride) {
        return (width + 2 * ((kernel - 1) / 2) - kernel) / stride + 1;
    }

    /** Input rows of the whole batch, the work items of {@link #pad}. */
    public int padItems() {
        return batch * inHeight;
    }

    /** Output rows of the whole batch, the work items of {@link #compute}. */
    public int computeItems() {
        return batch * outHeight;
    }

    /** Copies input rows [first, end) into the zero-bordered scratch. */
    public void pad(float[] in, int first, int end) {
        for (int row = first; row < end; row++) {
            int image = row / inHeight;
            int inY = row - image * inHeight;
            int target = ((image * paddedHeight + inY + padding) * paddedWidth + padding) * inChannels;
            if (layout == InputLayout.NCHW) {
                for (int inChannel = 0; inChannel < inChannels; inChannel++) {
                    int source = ((image * inChannels + inChannel) * inHeight + inY) * inWidth;
                    for (int inX = 0; inX < inWidth; inX++) {
                        scratch[target + inX * inChannels + inChannel] = in[source + inX];
                    }
                }
            } else if (inStride == inChannels) {
                System.arraycopy(in, row * inWidth * inStride, scratch, target, inWidth * inChannels);
            } else {
                int source = row * inWidth * inStride;
                for (int inX = 0; inX < inWidth; inX++) {
                    System.arraycopy(in, source + inX * inStride, scratch, target + inX * inChannels, inChannels);
                }
            }
        }
    }

    /** Computes output rows [first, end) from the scratch filled by {@link #pad}. */
    public void compute(float[] out, int first, int end) {
        int taps = kernel * inChannels;
        for (int row = first; row < end; row++) {
            int image = row / outHeight;
            int outY = row - image * outHeight;
            int rowStart = row * outWidth * outStride;
            for (int tile = 0; tile < tilesPerRow; tile++) {
                // the last tile overlaps its neighbour; both are in this row, one work item, so no
                // other thread accumulates into the overlapped pixels meanwhile
                int outX = Math.min(tile * tileRows, outWidth - tileRows);
                int outOffset = (row * outWidth + outX) * outStride;
                for (int block = 0; block < panels.blocks(); block++) {
                    int column = panels.column[block];
                    int width = panels.width[block];
                    for (int filterY = 0; filterY < kernel; filterY++) {
                        int inRow = (image * paddedHeight + outY * stride + filterY) * paddedWidth;
                        boolean firstPass = filterY == 0;
                        GemmMicroKernel.tile(tileRows, width, scratch, (inRow + outX * stride) * inChannels,
                                stride * inChannels, taps, panels.packed,
                                panels.offset[block] + filterY * taps * width * Lanes.COUNT,
                                firstPass ? panels.bias : out, firstPass ? column : outOffset + column,
                                firstPass ? 0 : outStride, out, outOffset + column, outStride);
                    }
                }
            }
            activation.applyInPlace(out, rowStart, outWidth * outStride);
        }
    }
}
