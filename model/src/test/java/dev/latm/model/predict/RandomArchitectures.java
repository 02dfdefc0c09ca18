package dev.latm.model.predict;

import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Random MobileNet-like architectures for learner tests: every op, kernel, SE, skip and activation. */
final class RandomArchitectures {
    private static final ConvOp[] OPS = {ConvOp.INVERTED_BOTTLENECK, ConvOp.INVERTED_BOTTLENECK,
        ConvOp.SEPARABLE_CONV, ConvOp.CONV};
    private static final int[] KERNELS = {3, 5, 7};
    private static final Activation[] ACTIVATIONS = {Activation.RELU, Activation.RELU6, Activation.HARD_SWISH,
        Activation.SWISH};
    private static final SkipOp[] SKIPS = {SkipOp.IDENTITY, SkipOp.NONE, SkipOp.POOLING};
    private static final int[] STRIDES = {1, 2, 2, 2, 1, 2};
    private static final int[] BASE_FILTERS = {16, 24, 40, 80, 112, 160};

    private RandomArchitectures() {
    }

    /** Networks that differ in their heads too (conv and hidden widths, classes). */
    static List<Architecture> generate(int count, RandomGenerator random) {
        return generate(count, random, false);
    }

    /**
     * @param fixedHead give every network MobileNetV3-Large's head (960, 1280, 1000 classes), as in
     *                  latm's bundled search space
     */
    static List<Architecture> generate(int count, RandomGenerator random, boolean fixedHead) {
        List<Architecture> architectures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            architectures.add(one("random_" + i, random, fixedHead));
        }
        return architectures;
    }

    static Architecture one(String name, RandomGenerator random, boolean fixedHead) {
        Head.Builder head = Head.newBuilder().setConvChannels(960).setConvActivation(Activation.HARD_SWISH)
                .setHiddenChannels(1280).setHiddenActivation(Activation.HARD_SWISH);
        int classes = 1000;
        if (!fixedHead) {
            head.setConvChannels(8 * (40 + random.nextInt(121))).setHiddenChannels(random.nextInt(3) * 640);
            classes = 10 + random.nextInt(1000);
        }
        Architecture.Builder arch = Architecture.newBuilder().setName(name).setNumClasses(classes)
                .setInput(Input.newBuilder().setResolution(224))
                .setStem(Stem.newBuilder().setOutChannels(16).setKernelSize(3).setStride(2)
                        .setActivation(Activation.HARD_SWISH))
                .setHead(head);
        for (int stage = 0; stage < STRIDES.length; stage++) {
            ConvOp op = OPS[random.nextInt(OPS.length)];
            int filters = 8 * Math.max(1, (int) Math.round(BASE_FILTERS[stage] * (0.5 + random.nextDouble()) / 8));
            Block.Builder block = Block.newBuilder().setOp(op).setStride(STRIDES[stage]).setOutChannels(filters)
                    .setKernelSize(KERNELS[random.nextInt(KERNELS.length)])
                    .setActivation(ACTIVATIONS[random.nextInt(ACTIVATIONS.length)])
                    .setSkip(SKIPS[random.nextInt(SKIPS.length)]);
            if (op == ConvOp.INVERTED_BOTTLENECK) {
                block.setExpandRatio(new double[] {1, 3, 4, 6}[random.nextInt(4)]);
            }
            if (op != ConvOp.CONV && random.nextBoolean()) {
                block.setSe(SqueezeExcite.newBuilder().setRatio(0.25));
            }
            arch.addStages(Stage.newBuilder().setRepeats(1 + random.nextInt(4)).setBlock(block));
        }
        return arch.build();
    }
}
