package dev.latm.model.ir;

import java.util.List;

/**
 * Static cost of one forward pass of a network, for the whole batch.
 *
 * @param macs                multiply-adds of convolutions and linear layers (SE included)
 * @param params              parameters in inference form (BatchNorm folded into conv bias)
 * @param trainingParams      parameters in training form (BatchNorm weight + bias, torchvision's count)
 * @param peakActivationBytes the largest total size of float32 tensors alive at once when layers run
 *                            in order and each tensor is freed after its last reader
 * @param layers              the per-layer table, in execution order
 */
public record NetworkCost(long macs, long params, long trainingParams, long peakActivationBytes,
                          List<LayerCost> layers) {

    public NetworkCost {
        layers = List.copyOf(layers);
    }
}
