package dev.latm.runtime.onnx;

import dev.latm.model.CompiledArchitecture;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * Small hand-built architectures that between them use every op, skip, SE convention, activation
 * and head variant of the space, at an odd resolution (38 -> 19 -> 10 -> 5) so that strided
 * pooling skips average partial windows.
 */
final class TestArchitectures {
    static final int RESOLUTION = 38;

    private static final SqueezeExcite MOBILENET_SE = SqueezeExcite.newBuilder().setRatio(0.25)
            .setBase(SeBase.EXPANDED).setRounding(SeRounding.MAKE_DIVISIBLE_8).setGate(SeGate.HARD_SIGMOID).build();
    private static final SqueezeExcite MNASNET_SE = SqueezeExcite.newBuilder().setRatio(0.25)
            .setBase(SeBase.INPUT).setRounding(SeRounding.FLOOR).setGate(SeGate.SIGMOID).build();

    private TestArchitectures() {
    }

    /** Hand-built architectures by a name that says what they cover. */
    static Map<String, Architecture> handMade() {
        Map<String, Architecture> archs = new TreeMap<>();
        archs.put("conv_blocks", architecture(Activation.RELU6, List.of(
                        stage(2, block(ConvOp.CONV, 3, 1, 16, SkipOp.IDENTITY, Activation.SWISH).setSe(MOBILENET_SE)),
                        stage(1, block(ConvOp.CONV, 5, 2, 24, SkipOp.POOLING, Activation.RELU)),
                        stage(1, block(ConvOp.CONV, 1, 1, 24, SkipOp.NONE, Activation.HARD_SWISH))),
                Head.newBuilder().setConvChannels(64).setConvActivation(Activation.HARD_SWISH)
                        .setHiddenChannels(32).setHiddenActivation(Activation.RELU6).build()));
        archs.put("separable", architecture(Activation.HARD_SWISH, List.of(
                        stage(2, block(ConvOp.SEPARABLE_CONV, 3, 1, 16, SkipOp.IDENTITY, Activation.RELU)
                                .setSe(MNASNET_SE)),
                        stage(1, block(ConvOp.SEPARABLE_CONV, 5, 2, 16, SkipOp.POOLING, Activation.RELU6)
                                .setSe(MOBILENET_SE)),
                        stage(1, block(ConvOp.SEPARABLE_CONV, 7, 1, 24, SkipOp.POOLING, Activation.SWISH))),
                Head.getDefaultInstance()));
        archs.put("inverted", architecture(Activation.SWISH, List.of(
                        stage(2, block(ConvOp.INVERTED_BOTTLENECK, 3, 2, 24, SkipOp.POOLING, Activation.RELU6)
                                .setExpandRatio(6).setSe(MNASNET_SE)),
                        stage(2, block(ConvOp.INVERTED_BOTTLENECK, 5, 1, 32, SkipOp.NONE, Activation.HARD_SWISH)
                                .setExpandedChannels(72).setSe(MOBILENET_SE)),
                        stage(2, block(ConvOp.INVERTED_BOTTLENECK, 3, 2, 32, SkipOp.IDENTITY, Activation.RELU)
                                .setExpandRatio(1))),
                Head.newBuilder().setHiddenChannels(40).setHiddenActivation(Activation.SWISH).build()));
        return archs;
    }

    /** Every preset, then every hand-made architecture, compiled at {@code resolution} (0 = their own). */
    static List<CompiledArchitecture> all(int resolution, int batch) {
        List<CompiledArchitecture> compiled = new ArrayList<>();
        for (String preset : Presets.names()) {
            compiled.add(compile(Presets.get(preset), resolution, batch));
        }
        handMade().forEach((name, arch) -> compiled.add(compile(arch.toBuilder().setName(name).build(),
                resolution, batch)));
        return compiled;
    }

    /** Test arguments named after the architecture, not its (huge) record form. */
    static Stream<Named<CompiledArchitecture>> named(List<CompiledArchitecture> archs) {
        return archs.stream().map(arch -> Named.of(arch.spec().name(), arch));
    }

    static CompiledArchitecture preset(String name, int resolution, int batch) {
        return compile(Presets.get(name), resolution, batch);
    }

    static CompiledArchitecture compile(Architecture arch, int resolution, int batch) {
        return CompiledArchitecture.compile(arch, Limits.DEFAULT, resolution, batch);
    }

    private static Architecture architecture(Activation stemActivation, List<Stage> stages, Head head) {
        return Architecture.newBuilder().setInput(Input.newBuilder().setResolution(RESOLUTION))
                .setStem(Stem.newBuilder().setOutChannels(16).setKernelSize(3).setStride(2)
                        .setActivation(stemActivation))
                .addAllStages(stages).setHead(head).setNumClasses(10).build();
    }

    private static Stage stage(int repeats, Block.Builder block) {
        return Stage.newBuilder().setRepeats(repeats).setBlock(block).build();
    }

    private static Block.Builder block(ConvOp op, int kernel, int stride, int out, SkipOp skip, Activation activation) {
        return Block.newBuilder().setOp(op).setKernelSize(kernel).setStride(stride).setOutChannels(out).setSkip(skip)
                .setActivation(activation);
    }
}
