package dev.latm.model.spec;

/**
 * One block of a stage, with channel counts already width-scaled.
 *
 * @param stride stride of the stage's first repeat; the other repeats use 1
 */
public record BlockSpec(ConvOp op, int kernelSize, int stride, int outChannels, Expansion expansion,
                        SqueezeExciteSpec se, SkipOp skip, Activation activation) {
}
