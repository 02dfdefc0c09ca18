package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.SeGate;

/** Reference squeeze-and-excitation in plain loops over NCHW, as torchvision's SqueezeExcitation. */
public final class SqueezeExciteReference {
    private SqueezeExciteReference() {
    }

    /**
     * @param reduceWeights [squeeze, channels]
     * @param expandWeights [channels, squeeze]
     */
    public static float[] apply(float[] in, int batch, int channels, int height, int width, float[] reduceWeights,
                         float[] reduceBias, float[] expandWeights, float[] expandBias, int squeeze, SeGate gate) {
        int pixels = height * width;
        float[] pooled = GlobalAvgPoolReference.pool(in, batch, channels, height, width);
        float[] out = new float[in.length];
        for (int image = 0; image < batch; image++) {
            float[] squeezed = new float[squeeze];
            for (int s = 0; s < squeeze; s++) {
                double sum = reduceBias[s];
                for (int channel = 0; channel < channels; channel++) {
                    sum += (double) reduceWeights[s * channels + channel] * pooled[image * channels + channel];
                }
                squeezed[s] = Math.max(0f, (float) sum);
            }
            for (int channel = 0; channel < channels; channel++) {
                double sum = expandBias[channel];
                for (int s = 0; s < squeeze; s++) {
                    sum += (double) expandWeights[channel * squeeze + s] * squeezed[s];
                }
                float scale = gate.apply((float) sum);
                int base = (image * channels + channel) * pixels;
                for (int pixel = 0; pixel < pixels; pixel++) {
                    out[base + pixel] = in[base + pixel] * scale;
                }
            }
        }
        return out;
    }
}
