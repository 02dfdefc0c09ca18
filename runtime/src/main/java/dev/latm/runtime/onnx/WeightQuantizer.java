package dev.latm.runtime.onnx;

import java.util.List;

import static dev.latm.runtime.onnx.OnnxGraphBuilder.intAttribute;

/**
 * Symmetric per-channel int8 quantisation of a weight tensor, and its QDQ form in a graph: channel c along {@code axis} gets
 * {@code scale[c] = max|w_c| / qmax} and zero point 0, so {@code w ~ scale[c] * q} with q in
 * [-qmax, qmax]. Per channel because the output channels of a convolution differ in range by an
 * order of magnitude, and one scale for all of them would leave the small ones a few levels.
 */
final class WeightQuantizer {
    private WeightQuantizer() {
    }

    /**
     * @param values int8 bit patterns, in the layout of the input tensor
     * @param scales one positive scale per channel along the axis
     */
    record PerChannel(byte[] values, float[] scales) {
    }

    /**
     * @param dims tensor dims, row-major
     * @param axis the channel axis: 0 for Conv's [out, in, k, k], and for Gemm's B the axis that
     *             indexes output features
     * @param qmax 127, or 63 where u8 x s8 products are summed in int16 (see {@link CpuFeatures})
     */
    static PerChannel symmetric(float[] weights, long[] dims, int axis, int qmax) {
        if (axis < 0 || axis >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " outside a rank-" + dims.length + " tensor");
        }
        if (qmax < 1 || qmax > 127) {
            throw new IllegalArgumentException("qmax must be in [1, 127], got " + qmax);
        }
        int channels = Math.toIntExact(dims[axis]);
        long inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        float[] maxAbs = new float[channels];
        for (int i = 0; i < weights.length; i++) {
            int channel = (int) ((i / inner) % channels);
            maxAbs[channel] = Math.max(maxAbs[channel], Math.abs(weights[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            // an all-zero channel quantises to zeros under any scale; 1 keeps the scale valid
            scales[c] = maxAbs[c] > 0 ? maxAbs[c] / qmax : 1f;
        }
        byte[] values = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            int channel = (int) ((i / inner) % channels);
            long q = Math.round(weights[i] / scales[channel]);
            values[i] = (byte) Math.max(-qmax, Math.min(qmax, q));
        }
        return new PerChannel(values, scales);
    }

    /**
     * Emits {@code name} as ONNX's QDQ form of the weights: int8 values {@code name/quantized}, one
     * scale per channel {@code name/scale}, zero points {@code name/zero_point} (all 0), and the
     * DequantizeLinear {@code name/dequantize} along {@code axis} that defines {@code name} again.
     *
     * @return the per-channel scales
     */
    static float[] dequantizedWeights(OnnxGraphBuilder graph, String name, float[] weights, long[] dims, int axis,
                                      int qmax) {
        PerChannel quantized = symmetric(weights, dims, axis, qmax);
        int channels = quantized.scales().length;
        graph.byteInitializer(name + "/quantized", OnnxGraphBuilder.INT8, quantized.values(), dims);
        graph.initializer(name + "/scale", quantized.scales(), channels);
        graph.byteInitializer(name + "/zero_point", OnnxGraphBuilder.INT8, new byte[channels], channels);
        graph.node(name + "/dequantize", "DequantizeLinear",
                List.of(name + "/quantized", name + "/scale", name + "/zero_point"), name, intAttribute("axis", axis));
        return quantized.scales();
    }

    /**
     * Emits a bias as int32 with scale input_scale x weight_scale[c] and zero point 0, the form
     * QLinearConv and QGemm add to their int32 accumulators, dequantised back to {@code name}.
     */
    static void dequantizedBias(OnnxGraphBuilder graph, String name, float[] bias, float inputScale,
                                float[] weightScales) {
        int[] quantized = new int[bias.length];
        float[] scales = new float[bias.length];
        for (int c = 0; c < bias.length; c++) {
            scales[c] = inputScale * weightScales[c];
            long q = Math.round(bias[c] / (double) scales[c]);
            quantized[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q));
        }
        graph.int32Initializer(name + "/quantized", quantized, bias.length);
        graph.initializer(name + "/scale", scales, bias.length);
        graph.node(name + "/dequantize", "DequantizeLinear", List.of(name + "/quantized", name + "/scale"), name,
                intAttribute("axis", 0));
    }
}
