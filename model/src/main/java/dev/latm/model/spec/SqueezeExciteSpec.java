package dev.latm.model.spec;

/**
 * A squeeze-and-excitation module's configuration; {@link #NONE} (ratio 0) means the block has none.
 *
 * @param ratio    fraction of the base channels kept in the squeeze, in (0, 1], or 0 for none
 * @param base     which channel count the ratio multiplies
 * @param rounding how the squeezed count is rounded
 * @param gate     the gate applied to the excitation
 */
public record SqueezeExciteSpec(double ratio, SeBase base, SeRounding rounding, SeGate gate) {

    public static final SqueezeExciteSpec NONE =
            new SqueezeExciteSpec(0, SeBase.EXPANDED, SeRounding.MAKE_DIVISIBLE_8, SeGate.HARD_SIGMOID);

    /** MobileNetV3's SE (torchvision): quarter of the expanded channels, hard-sigmoid gate. */
    public static final SqueezeExciteSpec MOBILENET_V3 =
            new SqueezeExciteSpec(0.25, SeBase.EXPANDED, SeRounding.MAKE_DIVISIBLE_8, SeGate.HARD_SIGMOID);

    /** MnasNet's SE (tensorflow/tpu) with the given ratio of the input filters, sigmoid gate. */
    public static SqueezeExciteSpec mnasnet(double ratio) {
        return new SqueezeExciteSpec(ratio, SeBase.INPUT, SeRounding.FLOOR, SeGate.SIGMOID);
    }

    public boolean enabled() {
        return ratio > 0;
    }

    /** The squeezed channel count for a block repeat with the given input and gated channels. */
    public int squeezeChannels(int inputChannels, int gatedChannels) {
        int baseChannels = base == SeBase.INPUT ? inputChannels : gatedChannels;
        int floored = (int) Math.floor(baseChannels * ratio + 1e-9);
        return rounding == SeRounding.FLOOR ? Math.max(1, floored) : ChannelRounding.makeDivisible(floored, 8);
    }
}
