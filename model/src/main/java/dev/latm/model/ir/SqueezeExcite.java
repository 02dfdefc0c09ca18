package dev.latm.model.ir;

import dev.latm.model.spec.SeGate;

/**
 * Squeeze-and-excitation: global average pool, 1 x 1 conv with bias to {@code squeezeChannels},
 * ReLU, 1 x 1 conv with bias back to the input channels, gate, and a per-channel multiply of the
 * input. One IR layer, because profiles and lookup tables treat it as one.
 */
public record SqueezeExcite(String name, String input, Shape inputShape, int squeezeChannels, SeGate gate)
        implements UnaryLayer {

    @Override
    public String op() {
        return "se";
    }

    @Override
    public long macs() {
        return (long) inputShape.batch() * 2L * inputShape.channels() * squeezeChannels;
    }

    @Override
    public long params() {
        long channels = inputShape.channels();
        return channels * squeezeChannels + squeezeChannels + squeezeChannels * channels + channels;
    }
}
