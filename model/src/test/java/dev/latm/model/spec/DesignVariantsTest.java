package dev.latm.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.Conv;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Linear;
import dev.latm.model.ir.Network;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesignVariantsTest {

    @Test
    void theBaselineIsThePresetAndEveryVariantIsNamedAndValid() {
        assertEquals(DesignVariants.BASELINE, DesignVariants.names().get(0));
        assertEquals(Presets.get("mobilenet_v3_large"), DesignVariants.get(DesignVariants.BASELINE));
        for (String name : DesignVariants.names()) {
            assertEquals(name, DesignVariants.get(name).getName());
            compile(name, 224); // validates
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DesignVariants.get("mobilenet_v3_huge"));
        assertTrue(unknown.getMessage().contains(DesignVariants.SWISH), unknown.getMessage());
    }

    @Test
    void swishAndReluTakeExactlyTheHardSwishPlacesAndCostTheSame() {
        Network baseline = compile(DesignVariants.BASELINE, 224).network();
        for (String name : List.of(DesignVariants.SWISH, DesignVariants.RELU)) {
            CompiledArchitecture variant = compile(name, 224);
            Activation replacement = name.equals(DesignVariants.SWISH) ? Activation.SWISH : Activation.RELU;
            List<String> expected = new ArrayList<>();
            for (Activation activation : activations(baseline)) {
                expected.add((activation == Activation.HARD_SWISH ? replacement : activation).name());
            }
            assertEquals(expected, activations(variant.network()).stream().map(Enum::name).toList(), name);
            assertEquals(compile(DesignVariants.BASELINE, 224).cost().macs(), variant.cost().macs(), name);
            assertEquals(compile(DesignVariants.BASELINE, 224).cost().params(), variant.cost().params(), name);
        }
        assertTrue(activations(baseline).contains(Activation.HARD_SWISH) && activations(baseline)
                .contains(Activation.RELU), "h-swish in the second half only");
    }

    @Test
    void theOriginalLastStageRunsTheBottleneckAndThe1280ConvolutionAt7x7() {
        CompiledArchitecture original = compile(DesignVariants.ORIGINAL_LAST_STAGE, 224);
        Conv headConv = (Conv) original.network().layersByName().get("head.conv");
        assertEquals(1280, headConv.outputShape().channels());
        assertEquals(7, headConv.outputShape().height(), "1280 channels before the pooling");
        assertEquals(320, headConv.inputShape().channels(), "after a projection to 320");
        assertFalse(original.network().layersByName().containsKey("head.hidden"));
        Linear classifier = (Linear) original.network().output();
        assertEquals(1280, classifier.inFeatures());
        long saved = original.cost().macs() - compile(DesignVariants.BASELINE, 224).cost().macs();
        // 160->960 expansion 7.5 M, depthwise 0.4 M, 960->320 15.1 M, 320->1280 20.1 M, less the efficient
        // stage's 960->1280 after pooling 1.2 M: 34.3 M (the paper rounds to 30 M)
        assertEquals(34.3e6, saved, 0.1e6, "multiply-adds the efficient last stage saves at 224");
        long savedAt160 = compile(DesignVariants.ORIGINAL_LAST_STAGE, 160).cost().macs()
                - compile(DesignVariants.BASELINE, 160).cost().macs();
        assertTrue(savedAt160 < saved && savedAt160 > 0, "5 x 5 instead of 7 x 7 at 160: " + savedAt160);
    }

    @Test
    void theThirtyTwoFilterReluStemFeedsAFirstBlockWithoutExpansion() {
        CompiledArchitecture stem32 = compile(DesignVariants.RELU_STEM_32, 224);
        Conv stem = (Conv) stem32.network().layersByName().get("stem");
        assertEquals(32, stem.outputShape().channels());
        assertEquals(Activation.RELU, stem.activation());
        assertFalse(stem32.network().layersByName().containsKey("stages.0.block.0.expand"));
        assertEquals(32, stem32.network().layersByName().get("stages.0.block.0.depthwise").outputShape().channels());
        assertFalse(stem32.network().layersByName().containsKey("stages.0.block.0.add"), "32 -> 16: no identity skip");
        long extra = stem32.cost().macs() - compile(DesignVariants.BASELINE, 224).cost().macs();
        // stem 5.4 M, depthwise 1.8 M, projection 3.2 M more at 112 x 112 (the paper: 10 M)
        assertEquals(10.4e6, extra, 0.1e6, "multiply-adds the 16-filter stem saves at 224");
    }

    private static CompiledArchitecture compile(String variant, int resolution) {
        return CompiledArchitecture.compile(DesignVariants.get(variant), Limits.DEFAULT, resolution, 1);
    }

    /** The activation of every conv and linear layer, in order. */
    private static List<Activation> activations(Network network) {
        List<Activation> activations = new ArrayList<>();
        for (Layer layer : network.layers()) {
            if (layer instanceof Conv conv) {
                activations.add(conv.activation());
            } else if (layer instanceof Linear linear) {
                activations.add(linear.activation());
            }
        }
        return activations;
    }
}
