package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.Activation;

/**
 * Regular (groups = 1) k x k convolution, stride 1 or 2, "same" padding (k - 1) / 2, + bias +
 * activation, writing NHWC. Used by the stem (which reads the network's NCHW input directly), CONV
 * blocks and strided 1 x 1 convolutions.
 *
 * <p>Two phases. {@link #pad} copies the input into a zero-bordered scratch, so that
 * {@link #compute} never tests a border and runs the {@link GemmMicroKernel} on tiles of 6
 * adjacent output pixels; the activation then runs over each finished output row. The scratch has
 * one of two layouts:
 * <ul>
 *   <li><b>bands</b>, when a filter row is short (k * inChannels &lt;= {@value #BAND_MAX_TAPS},
 *       e.g. the stem's 3 x 3 over RGB): one band per output row, [x][filterY][inChannel], in which
 *       an output pixel's whole receptive field is contiguous, so the GEMM runs in one pass of
 *       depth k * k * inChannels. The input is copied k / stride times;</li>
 *   <li><b>rows</b> otherwise: the padded input, [y][x][inChannel], one copy; a filter row's taps
 *       are contiguous, so the GEMM runs k passes of depth k * inChannels, each accumulating onto
 *       the last. Long passes amortise the extra loads and stores, and the scratch stays as small
 *       as the input.</li>
 * </ul>
 */
public final class RegularConvKernel {
    /** Filter rows up to this many floats use the band layout. */
    static final int BAND_MAX_TAPS = 64;

    /** How the input tensor is laid out. */
    public enum InputLayout {
        /** The engine's activation layout (see {@link Lanes}). */
        NHWC_PADDED,
        /** Plain NCHW, the network input's layout. */
        NCHW
    }

    private final InputLayout layout;
    private final boolean bands;
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
        this.bands = usesBands(kernel, inChannels);
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
        int rows = bands ? outHeight * kernel : paddedHeight;
        this.scratch = new float[Math.multiplyExact(Math.multiplyExact(batch * rows, paddedWidth), inChannels)];
    }

    private static boolean usesBands(int kernel, int inChannels) {
        return kernel * inChannels <= BAND_MAX_TAPS;
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
        boolean bands = usesBands(kernel, inChannels);
        // the GEMM depth runs in the scratch's order: (filterX, filterY, inChannel) for bands,
        // (filterY, filterX, inChannel) for rows
        WeightPanels panels = new WeightPanels(outChannels, kernel * taps, outWidth(width, kernel, stride)
                >= GemmMicroKernel.TALL_ROWS ? GemmMicroKernel.TALL_MAX_WIDTH : GemmMicroKernel.WIDE_MAX_WIDTH,
                bias, (outChannel, d) -> {
                    int outer = d / taps;
                    int inner = d % taps / inChannels;
                    int inChannel = d % inChannels;
                    int filterY = bands ? inner : outer;
                    int filterX = bands ? outer : inner;
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

    /** Copies input rows [first, end) into the zero-bordered scratch (borders are never written). */
    public void pad(float[] in, int first, int end) {
        for (int row = first; row < end; row++) {
            int image = row / inHeight;
            int inY = row - image * inHeight;
            if (!bands) {
                copyRow(in, image, inY, ((image * paddedHeight + inY + padding) * paddedWidth + padding) * inChannels,
                        inChannels);
                continue;
            }
            // padded row inY + padding is filter row filterY of output row outY when
            // outY * stride + filterY == inY + padding
            int paddedY = inY + padding;
            for (int filterY = paddedY % stride; filterY < kernel && filterY <= paddedY; filterY += stride) {
                int outY = (paddedY - filterY) / stride;
                if (outY < outHeight) {
                    int band = (image * outHeight + outY) * paddedWidth;
                    copyRow(in, image, inY, ((band + padding) * kernel + filterY) * inChannels, kernel * inChannels);
                }
            }
        }
    }

    /** Copies one input row to {@code target}, one pixel's channels every {@code pixelStep} floats. */
    private void copyRow(float[] in, int image, int inY, int target, int pixelStep) {
        if (layout == InputLayout.NCHW) {
            for (int inChannel = 0; inChannel < inChannels; inChannel++) {
                int source = ((image * inChannels + inChannel) * inHeight + inY) * inWidth;
                for (int inX = 0; inX < inWidth; inX++) {
                    scratch[target + inX * pixelStep + inChannel] = in[source + inX];
                }
            }
        } else if (inStride == inChannels && pixelStep == inChannels) {
            System.arraycopy(in, (image * inHeight + inY) * inWidth * inStride, scratch, target, inWidth * inChannels);
        } else {
            int source = (image * inHeight + inY) * inWidth * inStride;
            for (int inX = 0; inX < inWidth; inX++) {
                System.arraycopy(in, source + inX * inStride, scratch, target + inX * pixelStep, inChannels);
            }
        }
    }

    /** Computes output rows [first, end) from the scratch filled by {@link #pad}. */
    public void compute(float[] out, int first, int end) {
        int taps = kernel * inChannels;
        int passes = bands ? 1 : kernel;
        int depth = bands ? kernel * taps : taps;
        int pixelStep = bands ? taps : inChannels;
        for (int row = first; row < end; row++) {
            int image = row / outHeight;
            int outY = row - image * outHeight;
            int rowStart = row * outWidth * outStride;
            for (int tile = 0; tile < tilesPerRow; tile++) {
                // the last tile overlaps its neighbour; both are in this row, one work item, so no
                // other thread accumulates into the overlapped pixels meanwhile
                int outX = Math.min(tile * tileRows, outWidth - tileRows);
                int outOffset = rowStart + outX * outStride;
                for (int block = 0; block < panels.blocks(); block++) {
                    int column = panels.column[block];
                    int width = panels.width[block];
                    for (int pass = 0; pass < passes; pass++) {
                        int scratchRow = bands ? image * outHeight + outY
                                : image * paddedHeight + outY * stride + pass;
                        boolean firstPass = pass == 0;
                        GemmMicroKernel.tile(tileRows, width, scratch,
                                (scratchRow * paddedWidth + outX * stride) * pixelStep, stride * pixelStep, depth,
                                panels.packed, panels.offset[block] + pass * depth * width * Lanes.COUNT,
                                firstPass ? panels.bias : out, firstPass ? column : outOffset + column,
                                firstPass ? 0 : outStride, out, outOffset + column, outStride);
                    }
                }
            }
            activation.applyInPlace(out, rowStart, outWidth * outStride);
        }
    }
}
