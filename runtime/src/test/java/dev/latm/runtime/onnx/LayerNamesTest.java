package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latm.model.TestArchitectures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerNamesTest {
    private static final LayerNames NAMES =
            new LayerNames(TestArchitectures.preset("mobilenet_v2", 64, 1).network());

    @Test
    void latmsOwnNamesMapByThePrefixBeforeTheSlash() {
        assertEquals(Optional.of("stem"), NAMES.layerOf("stem"));
        assertEquals(Optional.of("stages.1.block.0.expand"), NAMES.layerOf("stages.1.block.0.expand/relu6"));
        assertEquals(Optional.of("head.classifier"), NAMES.layerOf("head.classifier/flatten"));
    }

    @Test
    void ortRenamedNodesMapByTheLongestLayerNameInside() {
        assertEquals(Optional.of("stages.1.block.0.expand"), NAMES.layerOf("stages.1.block.0.expand_nchwc"));
        assertEquals(Optional.of("stages.1.block.1.add"), NAMES.layerOf("fused stages.1.block.1.add"));
        assertEquals(Optional.of("stem"), NAMES.layerOf("stem/conv_nchwc"));
    }

    @Test
    void aLayerNameGluedToMoreNameIsNotAMatch() {
        // stages.2.block.1.expand must not be found inside stages.2.block.11.expand or x.stem
        assertEquals(Optional.empty(), NAMES.layerOf("stages.2.block.11.expand"));
        assertEquals(Optional.empty(), NAMES.layerOf("x.stem"));
        assertEquals(Optional.empty(), NAMES.layerOf("ReorderOutput_token_190"));
        assertEquals(Optional.empty(), NAMES.layerOf("HardSigmoid_122"));
    }

    @Test
    void theQuantisationOfTheInputIsCreditedToTheFirstLayer() {
        assertEquals(Optional.of("stem"), NAMES.layerOf("input/quantize"));
        assertEquals(Optional.empty(), NAMES.layerOf("input"), "the input itself is no node of any layer");
    }
}
