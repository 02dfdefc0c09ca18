package dev.latm.runtime.jvm.kernels;

/**
 * Reference average pool, kernel = stride, ceil mode, no padding (ONNX AveragePool with
 * ceil_mode = 1, count_include_pad = 0): border windows average only the values inside.
 */
public final class AvgPoolReference {
    private AvgPoolReference() {
    }

    public static float[] pool(float[] in, int batch, int channels, int height, int width, int kernel) {
        int outHeight = (height + kernel - 1) / kernel;
        int outWidth = (width + kernel - 1) / kernel;
        float[] out = new float[batch * channels * outHeight * outWidth];
        for (int plane = 0; plane < batch * channels; plane++) {
            for (int outY = 0; outY < outHeight; outY++) {
                for (int outX = 0; outX < outWidth; outX++) {
                    double sum = 0;
                    int count = 0;
                    for (int inY = outY * kernel; inY < Math.min(height, outY * kernel + kernel); inY++) {
                        for (int inX = outX * kernel; inX < Math.min(width, outX * kernel + kernel); inX++) {
                            sum += in[(plane * height + inY) * width + inX];
                            count++;
                        }
                    }
                    out[(plane * outHeight + outY) * outWidth + outX] = (float) (sum / count);
                }
            }
        }
        return out;
    }
}
