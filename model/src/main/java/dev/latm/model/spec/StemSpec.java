package dev.latm.model.spec;

/** The first layer: a regular convolution + BN + activation. Channels are width-scaled. */
public record StemSpec(int outChannels, int kernelSize, int stride, Activation activation) {
}
