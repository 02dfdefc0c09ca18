package dev.latm.model;

import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.SeBase;
import dev.latm.proto.v1.SeGate;
import dev.latm.proto.v1.SeRounding;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The test architectures of every engine and lowering test (model's test-jar): hand-made corner
 * cases, each named after what it exercises, and seeded random ones. Between them they use every
 * op, kernel, stride, skip, SE convention, activation and head variant of the space, at odd
 * resolutions, input channels and batch sizes (JavaEngineTest checks the coverage).
 */
public final class TestArchitectures {
    public static final SqueezeExcite MOBILENET_SE = SqueezeExcite.newBuilder().setRatio(0.25)
            .setBase(SeBase.EXPANDED).setRounding(SeRounding.MAKE_DIVISIBLE_8).setGate(SeGate.HARD_SIGMOID).build();
    public static final SqueezeExcite MNASNET_SE = SqueezeExcite.newBuilder().setRatio(0.25)
            .setBase(SeBase.INPUT).setRounding(SeRounding.FLOOR).setGate(SeGate.SIGMOID).build();
    private static final Activation[] ACTIVATIONS = {Activation.RELU, Activation.RELU6, Activation.HARD_SWISH,
        Activation.SWISH};
    /** 38 -> 19 -> 10 -> 5: strided pooling skips average partial windows. */
    private static final int ODD_RESOLUTION = 38;

    private TestArchitectures() {
    }

    /** Corner cases every engine must get right, at their own resolution, channels and batch. */
    public static List<Architecture> handMade() {
        List<Architecture> cases = new ArrayList<>();
        cases.add(base("pooling-skip-stride2-channel-change", 40, 3, 1)
                .addStages(stage(block(ConvOp.INVERTED_BOTTLENECK, 5, 2, 24).setExpandRatio(3)
                        .setSkip(SkipOp.POOLING).setSe(MOBILENET_SE).setActivation(Activation.HARD_SWISH), 1))
                .addStages(stage(block(ConvOp.SEPARABLE_CONV, 7, 2, 24).setSkip(SkipOp.POOLING)
                        .setActivation(Activation.SWISH), 2))
                .build());
        cases.add(base("conv-blocks-every-kernel", 33, 1, 2)
                .addStages(stage(block(ConvOp.CONV, 1, 2, 12).setSkip(SkipOp.POOLING).setSe(MNASNET_SE), 1))
                .addStages(stage(block(ConvOp.CONV, 3, 1, 12).setSkip(SkipOp.IDENTITY)
                        .setActivation(Activation.RELU6), 2))
                .addStages(stage(block(ConvOp.CONV, 5, 2, 20).setSkip(SkipOp.NONE), 1))
                .addStages(stage(block(ConvOp.CONV, 7, 1, 9).setSkip(SkipOp.POOLING)
                        .setActivation(Activation.SWISH), 1))
                .setHead(Head.newBuilder().setHiddenChannels(37).setHiddenActivation(Activation.SWISH))
                .build());
        cases.add(base("identity-skip-and-expanded-channels", 32, 4, 1)
                .setStem(Stem.newBuilder().setOutChannels(16).setKernelSize(7).setStride(1)
                        .setActivation(Activation.RELU6))
                .addStages(stage(block(ConvOp.INVERTED_BOTTLENECK, 3, 1, 16).setExpandedChannels(40)
                        .setSkip(SkipOp.IDENTITY).setSe(MNASNET_SE), 2))
                .addStages(stage(block(ConvOp.INVERTED_BOTTLENECK, 7, 2, 19).setExpandRatio(6)
                        .setSkip(SkipOp.IDENTITY).setActivation(Activation.HARD_SWISH), 3))
                .setHead(Head.newBuilder().setConvChannels(50).setConvActivation(Activation.HARD_SWISH))
                .build());
        cases.add(base("stem-kernel-1-pooling-stride-1", 35, 3, 1)
                .setStem(Stem.newBuilder().setOutChannels(8).setKernelSize(1).setStride(2)
                        .setActivation(Activation.SWISH))
                .addStages(stage(block(ConvOp.SEPARABLE_CONV, 5, 1, 13).setSkip(SkipOp.POOLING)
                        .setSe(MOBILENET_SE), 1))
                .addStages(stage(block(ConvOp.INVERTED_BOTTLENECK, 3, 2, 13).setExpandRatio(1)
                        .setSkip(SkipOp.POOLING), 2))
                .build());
        cases.add(odd("odd-resolution-conv-blocks-se-head", Activation.RELU6)
                .addStages(stage(block(ConvOp.CONV, 3, 1, 16).setSkip(SkipOp.IDENTITY).setActivation(Activation.SWISH)
                        .setSe(MOBILENET_SE), 2))
                .addStages(stage(block(ConvOp.CONV, 5, 2, 24).setSkip(SkipOp.POOLING), 1))
                .addStages(stage(block(ConvOp.CONV, 1, 1, 24).setSkip(SkipOp.NONE)
                        .setActivation(Activation.HARD_SWISH), 1))
                .setHead(Head.newBuilder().setConvChannels(64).setConvActivation(Activation.HARD_SWISH)
                        .setHiddenChannels(32).setHiddenActivation(Activation.RELU6))
                .build());
        cases.add(odd("odd-resolution-separable-default-head", Activation.HARD_SWISH)
                .addStages(stage(block(ConvOp.SEPARABLE_CONV, 3, 1, 16).setSkip(SkipOp.IDENTITY).setSe(MNASNET_SE), 2))
                .addStages(stage(block(ConvOp.SEPARABLE_CONV, 5, 2, 16).setSkip(SkipOp.POOLING)
                        .setActivation(Activation.RELU6).setSe(MOBILENET_SE), 1))
                .addStages(stage(block(ConvOp.SEPARABLE_CONV, 7, 1, 24).setSkip(SkipOp.POOLING)
                        .setActivation(Activation.SWISH), 1))
                .setHead(Head.getDefaultInstance())
                .build());
        cases.add(odd("odd-resolution-inverted-no-expansion", Activation.SWISH)
                .addStages(stage(block(ConvOp.INVERTED_BOTTLENECK, 3, 2, 24).setSkip(SkipOp.POOLING)
                        .setActivation(Activation.RELU6).setExpandRatio(6).setSe(MNASNET_SE), 2))
                .addStages(stage(block(ConvOp.INVERTED_BOTTLENECK, 5, 1, 32).setSkip(SkipOp.NONE)
                        .setActivation(Activation.HARD_SWISH).setExpandedChannels(72).setSe(MOBILENET_SE), 2))
                .addStages(stage(block(ConvOp.INVERTED_BOTTLENECK, 3, 2, 32).setSkip(SkipOp.IDENTITY)
                        .setExpandRatio(1), 2))
                .setHead(Head.newBuilder().setHiddenChannels(40).setHiddenActivation(Activation.SWISH))
                .build());
        return cases;
    }

    /** A random architecture: any op, kernel, stride, skip, SE convention and activation. */
    public static Architecture random(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Architecture.Builder arch = base("random-" + seed, 32 + random.nextInt(33), 1 + random.nextInt(4),
                1 + random.nextInt(2));
        arch.setStem(Stem.newBuilder().setOutChannels(4 + random.nextInt(29))
                .setKernelSize(new int[] {1, 3, 5, 7}[random.nextInt(4)]).setStride(1 + random.nextInt(2))
                .setActivation(activation(random)));
        int stages = 1 + random.nextInt(4);
        for (int i = 0; i < stages; i++) {
            ConvOp op = ConvOp.forNumber(1 + random.nextInt(3));
            int kernel = op == ConvOp.CONV ? new int[] {1, 3, 5, 7}[random.nextInt(4)] : 3 + 2 * random.nextInt(3);
            Block.Builder block = block(op, kernel, 1 + random.nextInt(2), 3 + random.nextInt(45))
                    .setSkip(SkipOp.forNumber(1 + random.nextInt(3))).setActivation(activation(random));
            if (op == ConvOp.INVERTED_BOTTLENECK) {
                if (random.nextBoolean()) {
                    block.setExpandRatio(new double[] {1, 2.5, 3, 6}[random.nextInt(4)]);
                } else {
                    block.setExpandedChannels(8 + random.nextInt(90));
                }
            }
            int se = random.nextInt(3);
            if (se > 0) {
                block.setSe(se == 1 ? MOBILENET_SE : MNASNET_SE);
            }
            arch.addStages(stage(block, 1 + random.nextInt(3)));
        }
        Head.Builder head = Head.newBuilder();
        if (random.nextBoolean()) {
            head.setConvChannels(8 + random.nextInt(100)).setConvActivation(activation(random));
        }
        if (random.nextBoolean()) {
            head.setHiddenChannels(8 + random.nextInt(100)).setHiddenActivation(activation(random));
        }
        return arch.setHead(head).setNumClasses(1 + random.nextInt(60)).build();
    }

    /** Every preset, then every hand-made architecture, at {@code resolution} and {@code batch} (0 = their own). */
    public static List<CompiledArchitecture> all(int resolution, int batch) {
        List<CompiledArchitecture> compiled = new ArrayList<>();
        for (String preset : Presets.names()) {
            compiled.add(preset(preset, resolution, batch));
        }
        for (Architecture architecture : handMade()) {
            compiled.add(compile(architecture, resolution, batch));
        }
        return compiled;
    }

    /** Test arguments named after the architecture, not its (huge) record form. */
    public static Stream<Named<CompiledArchitecture>> named(List<CompiledArchitecture> archs) {
        return archs.stream().map(arch -> Named.of(arch.spec().name(), arch));
    }

    public static CompiledArchitecture preset(String name, int resolution, int batch) {
        return compile(Presets.get(name), resolution, batch);
    }

    /** At its own resolution and batch. */
    public static CompiledArchitecture compile(Architecture architecture) {
        return CompiledArchitecture.compile(architecture, Limits.DEFAULT);
    }

    public static CompiledArchitecture compile(Architecture architecture, int resolution, int batch) {
        return CompiledArchitecture.compile(architecture, Limits.DEFAULT, resolution, batch);
    }

    private static Architecture.Builder base(String name, int resolution, int channels, int batch) {
        return Architecture.newBuilder().setName(name)
                .setInput(Input.newBuilder().setResolution(resolution).setChannels(channels).setBatch(batch))
                .setStem(Stem.newBuilder().setOutChannels(16).setKernelSize(3).setStride(2)
                        .setActivation(Activation.HARD_SWISH))
                .setHead(Head.newBuilder().setConvChannels(48).setConvActivation(Activation.RELU)
                        .setHiddenChannels(64).setHiddenActivation(Activation.HARD_SWISH))
                .setNumClasses(17);
    }

    /** RGB at {@link #ODD_RESOLUTION}, batch 1, ten classes. */
    private static Architecture.Builder odd(String name, Activation stemActivation) {
        return Architecture.newBuilder().setName(name).setInput(Input.newBuilder().setResolution(ODD_RESOLUTION))
                .setStem(Stem.newBuilder().setOutChannels(16).setKernelSize(3).setStride(2)
                        .setActivation(stemActivation))
                .setNumClasses(10);
    }

    private static Block.Builder block(ConvOp op, int kernel, int stride, int outChannels) {
        return Block.newBuilder().setOp(op).setKernelSize(kernel).setStride(stride).setOutChannels(outChannels)
                .setActivation(Activation.RELU);
    }

    private static Stage stage(Block.Builder block, int repeats) {
        return Stage.newBuilder().setBlock(block).setRepeats(repeats).build();
    }

    private static Activation activation(SplittableRandom random) {
        return ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
    }
}
