package dev.latm.runtime.jvm.kernels;

/** Reference global average pool over NCHW: [batch, channels, h, w] to [batch, channels]. */
public final class GlobalAvgPoolReference {
    private GlobalAvgPoolReference() {
    }

    public static float[] pool(float[] in, int batch, int channels, int height, int width) {
        int pixels = height * width;
        float[] out = new float[batch * channels];
        for (int plane = 0; plane < batch * channels; plane++) {
            double sum = 0;
            for (int pixel = 0; pixel < pixels; pixel++) {
                sum += in[plane * pixels + pixel];
            }
            out[plane] = (float) (sum / pixels);
        }
        return out;
    }
}
