package dev.latm.model.spec;

/**
 * The last stage: optional 1 x 1 conv + BN before pooling, global pool, optional hidden linear
 * layer, classifier. A channel count of 0 omits that layer.
 */
public record HeadSpec(int convChannels, Activation convActivation, int hiddenChannels,
                       Activation hiddenActivation) {
}
