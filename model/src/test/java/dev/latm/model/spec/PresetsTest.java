package dev.latm.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.NetworkCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PresetsTest {

    /**
     * Training-form parameter counts published by torchvision (MobileNetV3, MobileNetV2, MNASNet),
     * by tensorflow/tpu for MnasNet-A1 (3.9M), and their multiply-adds at 224 x 224.
     */
    @ParameterizedTest(name = "{0} x{1}")
    @CsvSource({
        "mobilenet_v3_large, 1.0, 5483032, 216.6e6",
        "mobilenet_v3_small, 1.0, 2542856, 56.5e6",
        "mobilenet_v2,       1.0, 3504872, 300.8e6",
        "mnasnet_b1,         1.0, 4383312, 315e6",
        "mnasnet_b1,         0.5, 2218512, 0",
        "mnasnet_b1,        0.75, 3170208, 0",
        "mnasnet_b1,         1.3, 6282256, 0",
        "mnasnet_a1,         1.0, 3887038, 312e6",
    })
    void publishedCounts(String name, double width, long trainingParams, double macs) {
        NetworkCost cost = CompiledArchitecture.compile(Presets.get(name, width), Limits.DEFAULT).cost();
        assertEquals(trainingParams, cost.trainingParams(), name + " training-form parameters");
        if (macs > 0) {
            assertEquals(macs, cost.macs(), macs * 0.01, name + " multiply-adds within 1%");
        }
    }

    @Test
    void inferenceFormFoldsBatchNormIntoOneBiasPerChannel() {
        NetworkCost cost = CompiledArchitecture.compile(Presets.get("mobilenet_v3_large"), Limits.DEFAULT).cost();
        assertEquals(5_470_832, cost.params());
        assertTrue(cost.params() < cost.trainingParams());
    }

    @Test
    void widthMultiplierIsInTheNameAndShrinksTheNetwork() {
        var narrow = Presets.get("mobilenet_v3_small", 0.75);
        assertEquals("mobilenet_v3_small_0.75", narrow.getName());
        long narrowParams = CompiledArchitecture.compile(narrow, Limits.DEFAULT).cost().trainingParams();
        assertTrue(narrowParams < 2_542_856, "0.75 is smaller: " + narrowParams);
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Presets.get("resnet50"));
        assertTrue(e.getMessage().contains("mobilenet_v3_large") && e.getMessage().contains("mnasnet_a1"),
                e.getMessage());
    }

    @Test
    void widthMultiplierOutOfRangeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Presets.get("mobilenet_v2", 0));
        assertTrue(e.getMessage().contains("(0, 4]"), e.getMessage());
    }
}
