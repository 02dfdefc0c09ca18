package dev.latm.model.spec;

import dev.latm.proto.v1.Activation;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * MobileNetV3-Large and the variants its paper's design claims compare it with (Howard et al.,
 * "Searching for MobileNetV3", section 5.1 and 5.2), each a plain {@link Architecture} that differs
 * from {@code mobilenet_v3_large} only where the claim says. Resolution is left to the
 * measurement (the claims are checked at 224 and 160).
 *
 * <ul>
 *   <li>{@value #BASELINE}: the preset, h-swish in the stem, the second half of the blocks and
 *       the head.</li>
 *   <li>{@value #SWISH}, {@value #RELU}: every h-swish replaced by swish or by ReLU, in the same
 *       places; the SE gates stay hard sigmoid (the claim is about the activation).</li>
 *   <li>{@value #ORIGINAL_LAST_STAGE}: the last stage before the paper's redesign (its Figure 5), as
 *       MobileNetV2 ends: one more bottleneck (1 x 1 expansion 160 -> 960, 3 x 3 depthwise, 1 x 1
 *       projection to 320, h-swish, no SE), then a 1 x 1 convolution to 1280 at 7 x 7 before the
 *       pooling and the classifier straight after it. The efficient stage keeps only the expansion
 *       (the head's 960 convolution), pools, and moves the 1280 layer after the pooling, where it runs
 *       on 1 x 1 instead of 7 x 7: about 34 M fewer multiply-adds at 224 (the paper: 30 M, 7 ms, 11%
 *       of the runtime on a Pixel 1).</li>
 *   <li>{@value #RELU_STEM_32}: the stem before the paper's trim, 32 filters with ReLU instead of 16
 *       with h-swish; the first bottleneck then filters the 32 channels without an expansion and
 *       projects to 16, as MobileNetV2's first block does (its identity skip no longer applies). About
 *       10 M more multiply-adds at 224, the paper's figure for the trim (and 2 ms).</li>
 * </ul>
 * The original last stage needs nothing beyond the architecture format: the extra bottleneck is one
 * more stage, and a {@code Head} with {@code conv_channels: 1280} and no hidden layer is exactly
 * "1 x 1 convolution before pooling, classifier after".
 */
public final class DesignVariants {
    public static final String BASELINE = "mobilenet_v3_large";
    public static final String SWISH = "mobilenet_v3_large_swish";
    public static final String RELU = "mobilenet_v3_large_relu";
    public static final String ORIGINAL_LAST_STAGE = "mobilenet_v3_large_original_last_stage";
    public static final String RELU_STEM_32 = "mobilenet_v3_large_relu_stem_32";

    private static final Map<String, UnaryOperator<Architecture>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put(BASELINE, UnaryOperator.identity());
        VARIANTS.put(SWISH, arch -> replace(arch, Activation.HARD_SWISH, Activation.SWISH));
        VARIANTS.put(RELU, arch -> replace(arch, Activation.HARD_SWISH, Activation.RELU));
        VARIANTS.put(ORIGINAL_LAST_STAGE, DesignVariants::originalLastStage);
        VARIANTS.put(RELU_STEM_32, DesignVariants::reluStem32);
    }

    private DesignVariants() {
    }

    /** The variant names, baseline first. */
    public static List<String> names() {
        return List.copyOf(VARIANTS.keySet());
    }

    /**
     * The variant {@code name}, named so.
     *
     * @throws IllegalArgumentException naming the variants when {@code name} is none of them
     */
    public static Architecture get(String name) {
        UnaryOperator<Architecture> variant = VARIANTS.get(name);
        if (variant == null) {
            throw new IllegalArgumentException("unknown design variant '" + name + "': must be one of "
                    + String.join(", ", names()));
        }
        return variant.apply(Presets.get(BASELINE)).toBuilder().setName(name).build();
    }

    /** Every activation {@code from} in stem, blocks and head becomes {@code to}. */
    private static Architecture replace(Architecture arch, Activation from, Activation to) {
        Architecture.Builder builder = arch.toBuilder();
        if (builder.getStem().getActivation() == from) {
            builder.getStemBuilder().setActivation(to);
        }
        for (Stage.Builder stage : builder.getStagesBuilderList()) {
            if (stage.getBlock().getActivation() == from) {
                stage.getBlockBuilder().setActivation(to);
            }
        }
        Head.Builder head = builder.getHeadBuilder();
        if (head.getConvActivation() == from) {
            head.setConvActivation(to);
        }
        if (head.getHiddenActivation() == from) {
            head.setHiddenActivation(to);
        }
        return builder.build();
    }

    private static Architecture originalLastStage(Architecture arch) {
        Block bottleneck = Block.newBuilder().setOp(ConvOp.INVERTED_BOTTLENECK).setKernelSize(3).setStride(1)
                .setExpandedChannels(960).setOutChannels(320).setSkip(SkipOp.NONE)
                .setActivation(Activation.HARD_SWISH).build();
        return arch.toBuilder()
                .addStages(Stage.newBuilder().setBlock(bottleneck).setRepeats(1))
                .setHead(Head.newBuilder().setConvChannels(1280).setConvActivation(Activation.HARD_SWISH))
                .build();
    }

    private static Architecture reluStem32(Architecture arch) {
        Architecture.Builder builder = arch.toBuilder();
        builder.getStemBuilder().setOutChannels(32).setActivation(Activation.RELU);
        // 32 channels into a block that used to filter 16 without expanding: filter the 32, project to 16
        builder.getStagesBuilder(0).getBlockBuilder().setExpandedChannels(32);
        return builder.build();
    }
}
