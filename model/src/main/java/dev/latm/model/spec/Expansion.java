package dev.latm.model.spec;

/** The width of an inverted bottleneck's depthwise layer, given as a ratio or as channels. */
public sealed interface Expansion {

    /** The expanded channel count for a block repeat with {@code inputChannels} inputs. */
    int expandedChannels(int inputChannels);

    /** {@code round(input * ratio)}; ratio 1 means the block has no expansion layer. */
    record Ratio(double ratio) implements Expansion {
        @Override
        public int expandedChannels(int inputChannels) {
            return (int) Math.round(inputChannels * ratio);
        }
    }

    /** An explicit count, as MobileNetV3's 72, 200, 184, 480. Already width-scaled. */
    record Fixed(int channels) implements Expansion {
        @Override
        public int expandedChannels(int inputChannels) {
            return channels;
        }
    }

    /** Blocks without an expansion (regular and separable convolutions). */
    record None() implements Expansion {
        @Override
        public int expandedChannels(int inputChannels) {
            return inputChannels;
        }
    }
}
