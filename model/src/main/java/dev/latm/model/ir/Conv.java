package dev.latm.model.ir;

import dev.latm.model.spec.Activation;

/**
 * Convolution + BatchNorm + activation, padded by (kernel - 1) / 2 on every side. At inference the
 * BatchNorm is folded into the weights and a per-channel bias, so every Conv has a bias.
 *
 * @param groups 1 for a regular convolution, the channel count for a depthwise one
 */
public record Conv(String name, String input, Shape inputShape, Shape outputShape, int kernel, int stride,
                   int groups, Activation activation) implements UnaryLayer {

    public Conv {
        if (inputShape.channels() % groups != 0 || outputShape.channels() % groups != 0) {
            throw new IllegalArgumentException(name + ": channels must divide into " + groups + " groups");
        }
    }

    /** Output size of a "same"-padded convolution: ceil(size / stride) for odd kernels. */
    public static int outputSize(int size, int kernel, int stride) {
        int padding = (kernel - 1) / 2;
        return (size + 2 * padding - kernel) / stride + 1;
    }

    public int padding() {
        return (kernel - 1) / 2;
    }

    public boolean depthwise() {
        return groups > 1 && groups == inputShape.channels() && groups == outputShape.channels();
    }

    public int inputChannelsPerGroup() {
        return inputShape.channels() / groups;
    }

    public long weightCount() {
        return (long) outputShape.channels() * inputChannelsPerGroup() * kernel * kernel;
    }

    @Override
    public String op() {
        if (depthwise()) {
            return "depthwise";
        }
        return kernel == 1 ? "pointwise" : "conv";
    }

    @Override
    public long macs() {
        return (long) outputShape.batch() * outputShape.height() * outputShape.width() * weightCount();
    }

    @Override
    public long params() {
        return weightCount() + outputShape.channels();
    }

    @Override
    public long trainingParams() {
        return weightCount() + 2L * outputShape.channels();
    }
}
