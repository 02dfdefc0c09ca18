package dev.latm.model.spec;

import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.SqueezeExcite;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * Named reference architectures, laid out exactly as their reference implementations so that the
 * published parameter counts come out to the unit. Each preset applies its own width-multiplier
 * rule (they differ: torchvision's MobileNetV3 scales the classifier's hidden layer, MnasNet keeps
 * 1280) and returns an architecture whose channel counts are already scaled.
 */
public final class Presets {
    private static final Map<String, DoubleFunction<Architecture>> PRESETS = new TreeMap<>(Map.of(
            "mobilenet_v3_large", Presets::mobileNetV3Large,
            "mobilenet_v3_small", Presets::mobileNetV3Small,
            "mobilenet_v2", Presets::mobileNetV2,
            "mnasnet_a1", Presets::mnasNetA1,
            "mnasnet_b1", Presets::mnasNetB1));

    private static final SqueezeExcite MOBILENET_V3_SE = SqueezeExcite.newBuilder().setRatio(0.25)
            .setBase(dev.latm.proto.v1.SeBase.EXPANDED).setRounding(dev.latm.proto.v1.SeRounding.MAKE_DIVISIBLE_8)
            .setGate(dev.latm.proto.v1.SeGate.HARD_SIGMOID).build();

    private Presets() {
    }

    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * The preset {@code name} at the given width multiplier.
     *
     * @throws IllegalArgumentException naming the known presets when {@code name} is unknown, or when
     *                                  the multiplier is outside (0, 4]
     */
    public static Architecture get(String name, double widthMultiplier) {
        DoubleFunction<Architecture> preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "': must be one of "
                    + String.join(", ", names()));
        }
        if (!(widthMultiplier > 0 && widthMultiplier <= 4)) {
            throw new IllegalArgumentException("width multiplier must be in (0, 4] (got " + widthMultiplier + ")");
        }
        String suffix = widthMultiplier == 1.0 ? "" : "_" + widthMultiplier;
        return preset.apply(widthMultiplier).toBuilder().setName(name + suffix).build();
    }

    public static Architecture get(String name) {
        return get(name, 1.0);
    }

    /** torchvision mobilenet_v3_large: 5,483,032 training-form parameters at width 1. */
    private static Architecture mobileNetV3Large(double width) {
        Activation re = Activation.RELU;
        Activation hs = Activation.HARD_SWISH;
        return mobileNetV3(width, List.of(
                v3(3, 16, 16, false, re, 1), v3(3, 64, 24, false, re, 2), v3(3, 72, 24, false, re, 1),
                v3(5, 72, 40, true, re, 2), v3(5, 120, 40, true, re, 1), v3(5, 120, 40, true, re, 1),
                v3(3, 240, 80, false, hs, 2), v3(3, 200, 80, false, hs, 1), v3(3, 184, 80, false, hs, 1),
                v3(3, 184, 80, false, hs, 1), v3(3, 480, 112, true, hs, 1), v3(3, 672, 112, true, hs, 1),
                v3(5, 672, 160, true, hs, 2), v3(5, 960, 160, true, hs, 1), v3(5, 960, 160, true, hs, 1)),
                1280);
    }

    /** torchvision mobilenet_v3_small: 2,542,856 training-form parameters at width 1. */
    private static Architecture mobileNetV3Small(double width) {
        Activation re = Activation.RELU;
        Activation hs = Activation.HARD_SWISH;
        return mobileNetV3(width, List.of(
                v3(3, 16, 16, true, re, 2), v3(3, 72, 24, false, re, 2), v3(3, 88, 24, false, re, 1),
                v3(5, 96, 40, true, hs, 2), v3(5, 240, 40, true, hs, 1), v3(5, 240, 40, true, hs, 1),
                v3(5, 120, 48, true, hs, 1), v3(5, 144, 48, true, hs, 1), v3(5, 288, 96, true, hs, 2),
                v3(5, 576, 96, true, hs, 1), v3(5, 576, 96, true, hs, 1)),
                1024);
    }

    /** One bneck line of torchvision's table: kernel, expanded, out, SE, activation, stride. */
    private static Block v3(int kernel, int expanded, int out, boolean se, Activation activation, int stride) {
        Block.Builder block = Block.newBuilder().setOp(ConvOp.INVERTED_BOTTLENECK).setKernelSize(kernel)
                .setStride(stride).setExpandedChannels(expanded).setOutChannels(out).setSkip(SkipOp.IDENTITY)
                .setActivation(activation);
        if (se) {
            block.setSe(MOBILENET_V3_SE);
        }
        return block.build();
    }

    private static Architecture mobileNetV3(double width, List<Block> bnecks, int lastChannel) {
        List<Block> scaled = new ArrayList<>();
        for (Block block : bnecks) {
            scaled.add(block.toBuilder().setExpandedChannels(divisible(block.getExpandedChannels() * width))
                    .setOutChannels(divisible(block.getOutChannels() * width)).build());
        }
        int lastStageChannels = scaled.get(scaled.size() - 1).getOutChannels();
        return Architecture.newBuilder()
                .setStem(Stem.newBuilder().setOutChannels(divisible(16 * width)).setKernelSize(3).setStride(2)
                        .setActivation(Activation.HARD_SWISH))
                .addAllStages(stages(scaled))
                .setHead(Head.newBuilder().setConvChannels(6 * lastStageChannels)
                        .setConvActivation(Activation.HARD_SWISH)
                        .setHiddenChannels(divisible(lastChannel * width))
                        .setHiddenActivation(Activation.HARD_SWISH))
                .build();
    }

    /** torchvision mobilenet_v2: 3,504,872 training-form parameters at width 1. */
    private static Architecture mobileNetV2(double width) {
        int[][] table = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1},
            {6, 160, 3, 2}, {6, 320, 1, 1}};
        Architecture.Builder arch = Architecture.newBuilder()
                .setStem(Stem.newBuilder().setOutChannels(divisible(32 * width)).setKernelSize(3).setStride(2)
                        .setActivation(Activation.RELU6))
                .setHead(Head.newBuilder().setConvChannels(divisible(1280 * Math.max(1.0, width)))
                        .setConvActivation(Activation.RELU6));
        for (int[] row : table) {
            arch.addStages(Stage.newBuilder().setRepeats(row[2]).setBlock(Block.newBuilder()
                    .setOp(ConvOp.INVERTED_BOTTLENECK).setKernelSize(3).setStride(row[3])
                    .setExpandRatio(row[0]).setOutChannels(divisible(row[1] * width))
                    .setSkip(SkipOp.IDENTITY).setActivation(Activation.RELU6)));
        }
        return arch.build();
    }

    /** MnasNet-A1 as published in tensorflow/tpu's mnasnet_models.py (block strings). */
    private static Architecture mnasNetA1(double width) {
        return mnasNetScaled(BlockStrings.decode(List.of(
                "r1_k3_s11_e1_i32_o16_noskip", "r2_k3_s22_e6_i16_o24", "r3_k5_s22_e3_i24_o40_se0.25",
                "r4_k3_s22_e6_i40_o80", "r2_k3_s11_e6_i80_o112_se0.25", "r3_k5_s22_e6_i112_o160_se0.25",
                "r1_k3_s11_e6_i160_o320")), width);
    }

    /**
     * MnasNet-B1 as torchvision's mnasnet1_0 (4,383,312 training-form parameters at width 1): the
     * separable first block has no skip, the other stages are MBConv with identity skips.
     */
    private static Architecture mnasNetB1(double width) {
        Architecture.Builder arch = Architecture.newBuilder()
                .setStem(Stem.newBuilder().setOutChannels(32).setKernelSize(3).setStride(2)
                        .setActivation(Activation.RELU))
                .addStages(Stage.newBuilder().setRepeats(1).setBlock(Block.newBuilder()
                        .setOp(ConvOp.SEPARABLE_CONV).setKernelSize(3).setStride(1).setOutChannels(16)
                        .setSkip(SkipOp.NONE).setActivation(Activation.RELU)))
                .setHead(Head.newBuilder().setConvChannels(1280).setConvActivation(Activation.RELU));
        int[][] stacks = {{24, 3, 2, 3, 3}, {40, 5, 2, 3, 3}, {80, 5, 2, 6, 3}, {96, 3, 1, 6, 2},
            {192, 5, 2, 6, 4}, {320, 3, 1, 6, 1}};
        for (int[] stack : stacks) {
            arch.addStages(Stage.newBuilder().setRepeats(stack[4]).setBlock(Block.newBuilder()
                    .setOp(ConvOp.INVERTED_BOTTLENECK).setOutChannels(stack[0]).setKernelSize(stack[1])
                    .setStride(stack[2]).setExpandRatio(stack[3]).setSkip(SkipOp.IDENTITY)
                    .setActivation(Activation.RELU)));
        }
        return mnasNetScaled(arch.build(), width);
    }

    /** MnasNet scales the stem and every block, and keeps the 1280-channel head. */
    private static Architecture mnasNetScaled(Architecture arch, double width) {
        Architecture.Builder scaled = arch.toBuilder();
        scaled.getStemBuilder().setOutChannels(divisible(arch.getStem().getOutChannels() * width));
        for (Stage.Builder stage : scaled.getStagesBuilderList()) {
            Block.Builder block = stage.getBlockBuilder();
            block.setOutChannels(divisible(block.getOutChannels() * width));
        }
        return scaled.build();
    }

    /**
     * Groups consecutive table lines that are the same block (the later ones at stride 1) into one
     * stage with repeats, the factorized form of the MnasNet space.
     */
    private static List<Stage> stages(List<Block> blocks) {
        List<Stage> stages = new ArrayList<>();
        Block current = null;
        int repeats = 0;
        for (Block block : blocks) {
            if (current != null && block.getStride() == 1
                    && block.equals(current.toBuilder().setStride(1).build())) {
                repeats++;
                continue;
            }
            if (current != null) {
                stages.add(Stage.newBuilder().setBlock(current).setRepeats(repeats).build());
            }
            current = block;
            repeats = 1;
        }
        stages.add(Stage.newBuilder().setBlock(current).setRepeats(repeats).build());
        return stages;
    }

    private static int divisible(double channels) {
        return ChannelRounding.makeDivisible(channels, 8);
    }
}
