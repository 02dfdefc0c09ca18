package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.Activation;

/**
 * Reference for every convolution kernel (regular, depthwise, pointwise): ONNX Conv with groups,
 * "same" padding (k - 1) / 2, bias and {@link Activation#apply}, in plain loops over NCHW. One
 * reference for the three optimised kernels because they are one op, specialised three ways.
 */
public final class ConvReference {
    private ConvReference() {
    }

    /**
     * @param weights [outChannels, inChannels / groups, kernel, kernel]
     * @return [batch, outChannels, outHeight, outWidth]
     */
    public static float[] conv(float[] in, int batch, int inChannels, int height, int width, float[] weights,
                        float[] bias, int outChannels, int kernel, int stride, int groups, Activation activation) {
        int padding = (kernel - 1) / 2;
        int outHeight = (height + 2 * padding - kernel) / stride + 1;
        int outWidth = (width + 2 * padding - kernel) / stride + 1;
        int inPerGroup = inChannels / groups;
        int outPerGroup = outChannels / groups;
        float[] out = new float[batch * outChannels * outHeight * outWidth];
        for (int image = 0; image < batch; image++) {
            for (int outChannel = 0; outChannel < outChannels; outChannel++) {
                int group = outChannel / outPerGroup;
                for (int outY = 0; outY < outHeight; outY++) {
                    for (int outX = 0; outX < outWidth; outX++) {
                        double sum = bias[outChannel];
                        for (int groupChannel = 0; groupChannel < inPerGroup; groupChannel++) {
                            int inChannel = group * inPerGroup + groupChannel;
                            for (int filterY = 0; filterY < kernel; filterY++) {
                                int inY = outY * stride - padding + filterY;
                                for (int filterX = 0; filterX < kernel; filterX++) {
                                    int inX = outX * stride - padding + filterX;
                                    if (inY < 0 || inY >= height || inX < 0 || inX >= width) {
                                        continue;
                                    }
                                    sum += (double) in[((image * inChannels + inChannel) * height + inY) * width + inX]
                                            * weights[((outChannel * inPerGroup + groupChannel) * kernel + filterY)
                                            * kernel + filterX];
                                }
                            }
                        }
                        out[((image * outChannels + outChannel) * outHeight + outY) * outWidth + outX] =
                                activation.apply((float) sum);
                    }
                }
            }
        }
        return out;
    }

    public static int outSize(int size, int kernel, int stride) {
        return (size + 2 * ((kernel - 1) / 2) - kernel) / stride + 1;
    }
}
