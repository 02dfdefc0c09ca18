package dev.latm.model.spec;

/** The gate that turns SE logits into per-channel scales. */
public enum SeGate {
    /** ReLU6(x + 3) / 6. */
    HARD_SIGMOID,
    SIGMOID;

    /** The reference definition every engine must match. */
    public float apply(float x) {
        return this == HARD_SIGMOID
                ? Math.min(Math.max(x + 3f, 0f), 6f) / 6f
                : 1f / (1f + (float) Math.exp(-x));
    }
}
