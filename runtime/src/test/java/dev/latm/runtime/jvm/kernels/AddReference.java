package dev.latm.runtime.jvm.kernels;

/** Reference element-wise add. */
public final class AddReference {
    private AddReference() {
    }

    public static float[] add(float[] left, float[] right) {
        float[] out = new float[left.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = left[i] + right[i];
        }
        return out;
    }
}
