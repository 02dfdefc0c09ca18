package dev.latm.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Network;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BufferPlanTest {

    @Test
    void buffersAreSharedButNeverOverwrittenWhileTheirValueIsStillRead() {
        for (String preset : Presets.names()) {
            assertSafe(CompiledArchitecture.compile(Presets.get(preset), Limits.DEFAULT, 96, 1).network());
        }
        for (long seed = 1; seed <= 10; seed++) {
            assertSafe(TestArchitectures.compile(TestArchitectures.random(seed)).network());
        }
        for (var architecture : TestArchitectures.handMade()) {
            assertSafe(TestArchitectures.compile(architecture).network());
        }
    }

    @Test
    void mobileNetV3NeedsOnlyAFewBuffers() {
        Network network = CompiledArchitecture.compile(Presets.get("mobilenet_v3_large"), Limits.DEFAULT).network();
        BufferPlan plan = BufferPlan.plan(network);
        assertTrue(plan.buffers() <= 4, plan.buffers() + " buffers for " + network.layers().size() + " layers");
        long largest = network.layers().stream().mapToLong(layer -> BufferPlan.floatsOf(layer.outputShape()))
                .max().orElseThrow();
        assertTrue(plan.totalFloats() <= 4 * largest, "total " + plan.totalFloats() + " vs largest " + largest);
    }

    private static void assertSafe(Network network) {
        BufferPlan plan = BufferPlan.plan(network);
        List<Layer> layers = network.layers();
        Map<String, Integer> producedAt = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            float[] output = plan.of(layer.name());
            assertTrue(output.length >= BufferPlan.floatsOf(layer.outputShape()), layer.name() + " buffer too small");
            for (String input : layer.inputs()) {
                if (input.equals(Network.INPUT)) {
                    continue;
                }
                float[] buffer = plan.of(input);
                assertNotSame(buffer, output, layer.name() + " writes over its input " + input);
                for (int j = producedAt.get(input) + 1; j < i; j++) {
                    assertNotSame(buffer, plan.of(layers.get(j).name()), layers.get(j).name() + " overwrites "
                            + input + " before " + layer.name() + " reads it");
                }
            }
            producedAt.put(layer.name(), i);
        }
    }
}
