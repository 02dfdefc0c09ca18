package dev.latm.model.predict;

import dev.latm.model.spec.Activation;
import dev.latm.model.spec.SeGate;
import java.util.List;

/**
 * One executed unit of a network with the features a latency model reads. Sizes are heights:
 * latm's inputs are square. Element and MAC counts are for the whole batch.
 *
 * @param layer           the IR layer name (profiles key on it)
 * @param kind            what kind of kernel runs
 * @param kernel          spatial kernel, 0 where the unit has none
 * @param stride          spatial stride, 1 where the unit has none
 * @param inChannels      input channels (features for a linear layer)
 * @param outChannels     output channels
 * @param inSize          input height
 * @param outSize         output height
 * @param squeezeChannels squeeze-and-excitation's bottleneck width, 0 for other units
 * @param activation      the activation fused into the unit ({@link Activation#NONE} for none)
 * @param gate            squeeze-and-excitation's gate, null for other units
 * @param macs            multiply-adds
 * @param weights         parameters in inference form
 * @param inputElements   elements read from the input tensor(s)
 * @param outputElements  elements written
 */
public record Unit(String layer, UnitKind kind, int kernel, int stride, int inChannels, int outChannels, int inSize,
                   int outSize, int squeezeChannels, Activation activation, SeGate gate, long macs, long weights,
                   long inputElements, long outputElements) {

    /**
     * Names of {@link #features()}, in order. A predictor file stores them, so a file written for
     * another feature layout is refused instead of silently misread.
     */
    public static final List<String> FEATURE_NAMES = List.of("kind", "kernel", "stride", "in_channels",
            "out_channels", "in_size", "out_size", "squeeze_channels", "activation", "gate", "macs", "weights",
            "input_elements", "output_elements", "bytes_moved", "macs_per_byte");

    /** Float32 tensors and weights. */
    static final int BYTES_PER_ELEMENT = Float.BYTES;

    /** Elements read and written plus the weights, in bytes: the unit's memory traffic if nothing is cached. */
    public long bytesMoved() {
        return (inputElements + outputElements + weights) * BYTES_PER_ELEMENT;
    }

    /** The feature vector, laid out as {@link #FEATURE_NAMES}; categorical features as ordinals. */
    public double[] features() {
        return new double[] {kind.ordinal(), kernel, stride, inChannels, outChannels, inSize, outSize,
                squeezeChannels, activation.ordinal(), gate == null ? -1 : gate.ordinal(), macs, weights,
                inputElements, outputElements, bytesMoved(), macs / (double) bytesMoved()};
    }
}
