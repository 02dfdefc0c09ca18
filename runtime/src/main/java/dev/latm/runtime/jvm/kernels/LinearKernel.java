package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.Activation;

/**
 * Fully connected layer + bias + activation on pooled vectors [batch, padded features]: the
 * pointwise GEMM with one row per image (a 1 x 1 feature map is a vector). At batch 1 it is a
 * matrix-vector product bound by streaming the weights, and threads split it by output columns.
 */
public final class LinearKernel {
    private final PointwiseConvKernel gemm;

    private LinearKernel(PointwiseConvKernel gemm) {
        this.gemm = gemm;
    }

    /** @param weights [outFeatures, inFeatures], PyTorch's layout (ONNX Gemm with transB = 1) */
    public static LinearKernel prepare(float[] weights, float[] bias, int inFeatures, int outFeatures, int batch,
                                       Activation activation) {
        return new LinearKernel(PointwiseConvKernel.prepare(weights, bias, inFeatures, outFeatures, batch,
                activation));
    }

    public int workItems() {
        return gemm.workItems();
    }

    /** Computes work items [first, end). */
    public void run(float[] in, float[] out, int first, int end) {
        gemm.run(in, out, first, end);
    }
}
