package dev.latm.runtime.jvm.kernels;

import dev.latm.model.spec.Activation;

/** Reference fully connected layer: out = act(in x weights^T + bias), weights [out, in]. */
public final class LinearReference {
    private LinearReference() {
    }

    public static float[] linear(float[] in, int batch, int inFeatures, float[] weights, float[] bias, int outFeatures,
                          Activation activation) {
        float[] out = new float[batch * outFeatures];
        for (int image = 0; image < batch; image++) {
            for (int o = 0; o < outFeatures; o++) {
                double sum = bias[o];
                for (int i = 0; i < inFeatures; i++) {
                    sum += (double) in[image * inFeatures + i] * weights[o * inFeatures + i];
                }
                out[image * outFeatures + o] = activation.apply((float) sum);
            }
        }
        return out;
    }
}
