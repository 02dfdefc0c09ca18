package dev.latm.model.spec;

/** Channel-count rounding (make_divisible) shared by presets, width scaling and SE sizing. */
public final class ChannelRounding {
    private ChannelRounding() {
    }

    /**
     * Rounds {@code value} to the nearest multiple of {@code divisor}, never below the divisor and
     * never more than 10% below the value: the make_divisible of the MobileNet and MnasNet code
     * bases, which is why channel counts such as 960 * 0.75 come out identical to torchvision.
     */
    public static int makeDivisible(double value, int divisor) {
        int rounded = Math.max(divisor, (int) (value + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * value ? rounded + divisor : rounded;
    }

    /** Scales a channel count by a width multiplier the way every latm architecture does. */
    public static int scale(int channels, double widthMultiplier) {
        return widthMultiplier == 1.0 ? channels : makeDivisible(channels * widthMultiplier, 8);
    }
}
