package dev.latm.model.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.proto.v1.Block;
import dev.latm.proto.v1.ConvOp;
import dev.latm.proto.v1.Head;
import dev.latm.proto.v1.Input;
import dev.latm.proto.v1.SkipOp;
import dev.latm.proto.v1.Stage;
import dev.latm.proto.v1.Stem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoweringTest {

    private static Network lower(Architecture arch) {
        return CompiledArchitecture.compile(arch, Limits.DEFAULT).network();
    }

    private static Architecture oneStage(Block.Builder block, int repeats) {
        return Architecture.newBuilder()
                .setInput(Input.newBuilder().setResolution(33))
                .setStem(Stem.newBuilder().setOutChannels(8))
                .addStages(Stage.newBuilder().setRepeats(repeats).setBlock(block))
                .setHead(Head.newBuilder().setConvChannels(32).setHiddenChannels(64))
                .setNumClasses(10)
                .build();
    }

    @Test
    void namesLayersHierarchically() {
        Network network = lower(Presets.get("mobilenet_v3_large"));
        List<String> names = network.layers().stream().map(Layer::name).toList();
        assertEquals("stem", names.get(0));
        assertTrue(names.contains("stages.1.block.0.expand"), names.toString());
        assertTrue(names.contains("stages.4.block.1.se"), names.toString());
        assertTrue(names.contains("stages.4.block.1.add"), names.toString());
        assertFalse(names.contains("stages.0.block.0.expand"), "expanded == input channels has no expand layer");
        assertEquals(List.of("head.conv", "head.pool", "head.hidden", "head.classifier"),
                names.subList(names.size() - 4, names.size()));
        assertEquals(new Shape(1, 1000, 1, 1), network.output().outputShape());
    }

    @Test
    void stridedConvolutionsRoundUpOddSizes() {
        Network network = lower(oneStage(Block.newBuilder().setOp(ConvOp.CONV).setKernelSize(3).setStride(2)
                .setOutChannels(16), 1));
        Map<String, Layer> layers = network.layersByName();
        assertEquals(new Shape(1, 8, 17, 17), layers.get("stem").outputShape(), "ceil(33 / 2)");
        assertEquals(new Shape(1, 16, 9, 9), layers.get("stages.0.block.0.conv").outputShape(), "ceil(17 / 2)");
    }

    @Test
    void identitySkipOnlyWhereStrideIsOneAndChannelsMatch() {
        Network network = lower(oneStage(Block.newBuilder().setOp(ConvOp.INVERTED_BOTTLENECK).setKernelSize(3)
                .setStride(2).setOutChannels(16).setExpandRatio(3).setSkip(SkipOp.IDENTITY), 3));
        Map<String, Layer> layers = network.layersByName();
        assertFalse(layers.containsKey("stages.0.block.0.add"), "first repeat changes stride and channels");
        Add add = (Add) layers.get("stages.0.block.1.add");
        assertEquals(List.of("stages.0.block.1.project", "stages.0.block.0.project"), add.inputs());
        assertEquals(List.of("stages.0.block.2.project", "stages.0.block.1.add"),
                layers.get("stages.0.block.2.add").inputs());
        assertEquals(24, ((Conv) layers.get("stages.0.block.0.expand")).outputShape().channels(), "8 * 3");
        assertEquals(48, ((Conv) layers.get("stages.0.block.1.expand")).outputShape().channels(), "16 * 3");
    }

    @Test
    void poolingSkipPoolsByTheStrideAndProjectsChannels() {
        Network network = lower(oneStage(Block.newBuilder().setOp(ConvOp.SEPARABLE_CONV).setKernelSize(5)
                .setStride(2).setOutChannels(16).setSkip(SkipOp.POOLING), 2));
        Map<String, Layer> layers = network.layersByName();
        AvgPool pool = (AvgPool) layers.get("stages.0.block.0.skip.pool");
        assertEquals(new Shape(1, 8, 9, 9), pool.outputShape(), "ceil mode: 17 / 2 -> 9");
        Conv projection = (Conv) layers.get("stages.0.block.0.skip.project");
        assertEquals(List.of("stages.0.block.0.skip.pool"), projection.inputs());
        assertEquals(16, projection.outputShape().channels());
        assertEquals(List.of("stages.0.block.0.project", "stages.0.block.0.skip.project"),
                layers.get("stages.0.block.0.add").inputs());
        assertFalse(layers.containsKey("stages.0.block.1.skip.pool"), "stride 1 repeat needs no pool");
        assertFalse(layers.containsKey("stages.0.block.1.skip.project"), "matching channels need no projection");
        assertTrue(layers.containsKey("stages.0.block.1.add"));
    }

    @Test
    void costsAreSumsOfLayerFormulas() {
        Network network = lower(oneStage(Block.newBuilder().setOp(ConvOp.CONV).setKernelSize(3).setStride(1)
                .setOutChannels(8).setSkip(SkipOp.NONE), 1));
        NetworkCost cost = CostAnalysis.analyze(network);
        long stem = 8L * 3 * 3 * 3;             // out * in * k * k
        long conv = 8L * 8 * 3 * 3;
        long headConv = 32L * 8;
        long hidden = 32L * 64;
        long classifier = 64L * 10;
        assertEquals((stem + conv) * 17 * 17 + headConv * 17 * 17 + hidden + classifier, cost.macs());
        assertEquals(stem + 8 + conv + 8 + headConv + 32 + hidden + 64 + classifier + 10, cost.params());
        assertEquals(cost.params() + 8 + 8 + 32, cost.trainingParams(), "one extra BN vector per conv");
        assertEquals(network.layers().size(), cost.layers().size());
    }

    @Test
    void peakActivationCountsTensorsAliveTogether() {
        Network network = lower(oneStage(Block.newBuilder().setOp(ConvOp.CONV).setKernelSize(3).setStride(1)
                .setOutChannels(8).setSkip(SkipOp.IDENTITY), 1));
        long image = 3L * 33 * 33 * 4;
        long feature = 8L * 17 * 17 * 4;
        long headConv = 32L * 17 * 17 * 4;
        // the stem reads the image; the residual add holds its two inputs and its output; the head
        // conv reads the add's output and writes four times as many channels
        long expected = Math.max(image + feature, Math.max(3 * feature, feature + headConv));
        assertEquals(expected, CostAnalysis.analyze(network).peakActivationBytes());
        assertEquals(feature + headConv, expected, "the head conv is the peak here");
    }

    @Test
    void lastReadersNameTheLastLayerThatReadsEachValue() {
        Network network = lower(Presets.get("mobilenet_v3_large"));
        Map<String, Integer> lastReaders = network.lastReaders();
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            for (String input : layers.get(i).inputs()) {
                assertTrue(lastReaders.get(input) >= i, input + " is read by layer " + i);
            }
        }
        lastReaders.forEach((value, reader) -> assertTrue(layers.get(reader).inputs().contains(value), value));
        assertEquals(0, lastReaders.get(Network.INPUT), "only the stem reads the image");
        assertFalse(lastReaders.containsKey(network.output().name()), "nothing reads the logits");
    }

    @Test
    void canonicalIdIgnoresTheNameAndSpellingOfDefaults() {
        Architecture preset = Presets.get("mobilenet_v3_small");
        CompiledArchitecture a = CompiledArchitecture.compile(preset, Limits.DEFAULT);
        CompiledArchitecture b = CompiledArchitecture.compile(a.normalized().toBuilder().setName("other").build(),
                Limits.DEFAULT);
        assertEquals(a.id(), b.id());
        assertEquals(16, a.id().length());
        CompiledArchitecture larger = CompiledArchitecture.compile(preset, Limits.DEFAULT, 256, 0);
        assertNotEquals(a.id(), larger.id(), "the input size is part of what is measured");
    }

    @Test
    void widthMultiplierFieldEqualsExplicitlyScaledChannels() {
        Architecture base = oneStage(Block.newBuilder().setOp(ConvOp.INVERTED_BOTTLENECK).setKernelSize(3)
                .setOutChannels(32).setExpandedChannels(96), 1);
        Architecture.Builder scaled = base.toBuilder().setWidthMultiplier(0.5);
        Architecture.Builder explicit = base.toBuilder();
        explicit.getStemBuilder().setOutChannels(8);
        explicit.getStagesBuilder(0).getBlockBuilder().setOutChannels(16).setExpandedChannels(48);
        explicit.getHeadBuilder().setConvChannels(16);
        assertEquals(CompiledArchitecture.compile(explicit.build(), Limits.DEFAULT).id(),
                CompiledArchitecture.compile(scaled.build(), Limits.DEFAULT).id());
    }

    @Test
    void groupsNameStemStagesAndHead() {
        assertEquals("stem", Network.groupOf("stem"));
        assertEquals("stages.12", Network.groupOf("stages.12.block.3.se"));
        assertEquals("head", Network.groupOf("head.classifier"));
    }
}
