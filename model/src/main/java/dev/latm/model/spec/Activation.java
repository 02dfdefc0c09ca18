package dev.latm.model.spec;

/** Element-wise activation after a convolution; {@link #NONE} marks a linear layer. */
public enum Activation {
    NONE,
    RELU,
    /** min(max(x, 0), 6). */
    RELU6,
    /** x * ReLU6(x + 3) / 6. */
    HARD_SWISH,
    /** x * sigmoid(x). */
    SWISH;

    /** Applies the activation to one value; the reference definition every engine must match. */
    public float apply(float x) {
        switch (this) {
            case NONE: return x;
            case RELU: return Math.max(x, 0f);
            case RELU6: return Math.min(Math.max(x, 0f), 6f);
            case HARD_SWISH: return x * Math.min(Math.max(x + 3f, 0f), 6f) / 6f;
            case SWISH: return x / (1f + (float) Math.exp(-x));
            default: throw new AssertionError(this);
        }
    }
}
