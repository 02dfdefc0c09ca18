package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Network;
import dev.latm.model.spec.Activation;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.model.spec.SeGate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    private static CompiledArchitecture compile(String preset) {
        return CompiledArchitecture.compile(Presets.get(preset), Limits.DEFAULT);
    }

    /**
     * Counts from the MobileNetV3 paper's tables (Howard et al. 2019, tables 1 and 2): large has 15
     * bnecks, the first without expansion, 8 with SE, 10 with a residual add; small has 11, the first
     * without expansion, 9 with SE, 6 with an add. Both: stem, head conv, pool, hidden, classifier.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // preset,            conv, pointwise, depthwise, se, add, global pool, linear
        "mobilenet_v3_large, 1, 30, 15, 8, 10, 1, 2",
        "mobilenet_v3_small, 1, 22, 11, 9,  6, 1, 2",
    })
    void presetsDecomposeIntoTheirPublishedUnits(String preset, int conv, int pointwise, int depthwise, int se,
                                                 int add, int globalPool, int linear) {
        List<Unit> units = Units.of(compile(preset).network());
        Map<UnitKind, Integer> counts = new EnumMap<>(UnitKind.class);
        for (UnitKind kind : UnitKind.values()) {
            counts.put(kind, 0);
        }
        units.forEach(unit -> counts.merge(unit.kind(), 1, Integer::sum));
        assertEquals(Map.of(UnitKind.CONV, conv, UnitKind.POINTWISE, pointwise, UnitKind.DEPTHWISE, depthwise,
                UnitKind.SQUEEZE_EXCITE, se, UnitKind.ADD, add, UnitKind.AVG_POOL, 0, UnitKind.GLOBAL_POOL,
                globalPool, UnitKind.LINEAR, linear), counts);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mobilenet_v3_large", "mobilenet_v3_small", "mobilenet_v2", "mnasnet_a1", "mnasnet_b1"})
    void everyUnitIsItsIrLayerWithTheSameShapesAndCosts(String preset) {
        CompiledArchitecture compiled = compile(preset);
        Network network = compiled.network();
        List<Unit> units = Units.of(network);
        assertEquals(network.layers().size(), units.size());
        long macs = 0;
        long weights = 0;
        for (int i = 0; i < units.size(); i++) {
            Unit unit = units.get(i);
            Layer layer = network.layers().get(i);
            assertEquals(layer.name(), unit.layer());
            assertEquals(layer.inputShape().channels(), unit.inChannels(), unit.layer());
            assertEquals(layer.outputShape().channels(), unit.outChannels(), unit.layer());
            assertEquals(layer.inputShape().height(), unit.inSize(), unit.layer());
            assertEquals(layer.outputShape().height(), unit.outSize(), unit.layer());
            assertEquals(layer.outputShape().elements(), unit.outputElements(), unit.layer());
            assertEquals(Unit.FEATURE_NAMES.size(), unit.features().length);
            macs += unit.macs();
            weights += unit.weights();
        }
        assertEquals(compiled.cost().macs(), macs, "units carry every multiply-add");
        assertEquals(compiled.cost().params(), weights, "units carry every parameter");
    }

    @Test
    void mobileNetV3LargeFirstFortyChannelBlockIsExpandDepthwiseSeProject() {
        Map<String, Unit> units = byLayer(compile("mobilenet_v3_large").network());
        // torchvision's bneck (k5, expanded 72, out 40, SE, ReLU, stride 2) on a 56 x 56 x 24 input
        Unit expand = units.get("stages.3.block.0.expand");
        assertEquals(List.of(UnitKind.POINTWISE, 24, 72, 56, 56), List.of(expand.kind(), expand.inChannels(),
                expand.outChannels(), expand.inSize(), expand.outSize()));
        assertEquals(Activation.RELU, expand.activation());
        Unit depthwise = units.get("stages.3.block.0.depthwise");
        assertEquals(List.of(UnitKind.DEPTHWISE, 5, 2, 72, 56, 28), List.of(depthwise.kind(), depthwise.kernel(),
                depthwise.stride(), depthwise.outChannels(), depthwise.inSize(), depthwise.outSize()));
        assertEquals(72L * 5 * 5 * 28 * 28, depthwise.macs());
        Unit se = units.get("stages.3.block.0.se");
        assertEquals(List.of(UnitKind.SQUEEZE_EXCITE, 72, 24, 28), List.of(se.kind(), se.inChannels(),
                se.squeezeChannels(), se.inSize()), "squeeze = make_divisible(72 / 4, 8)");
        assertEquals(SeGate.HARD_SIGMOID, se.gate());
        Unit project = units.get("stages.3.block.0.project");
        assertEquals(List.of(UnitKind.POINTWISE, 72, 40, 28), List.of(project.kind(), project.inChannels(),
                project.outChannels(), project.outSize()));
        assertEquals(Activation.NONE, project.activation());
        assertNull(project.gate());
    }

    @Test
    void headUnitsEndTheNetwork() {
        List<Unit> units = Units.of(compile("mobilenet_v3_small").network());
        List<Unit> head = units.subList(units.size() - 4, units.size());
        assertEquals(List.of(UnitKind.POINTWISE, UnitKind.GLOBAL_POOL, UnitKind.LINEAR, UnitKind.LINEAR),
                head.stream().map(Unit::kind).toList());
        assertEquals(List.of(96, 576, 7, 7), List.of(head.get(0).inChannels(), head.get(0).outChannels(),
                head.get(0).inSize(), head.get(0).outSize()));
        assertEquals(List.of(576, 1024), List.of(head.get(2).inChannels(), head.get(2).outChannels()));
        assertEquals(List.of(1024, 1000), List.of(head.get(3).inChannels(), head.get(3).outChannels()));
    }

    private static Map<String, Unit> byLayer(Network network) {
        Map<String, Unit> byLayer = new java.util.HashMap<>();
        Units.of(network).forEach(unit -> byLayer.put(unit.layer(), unit));
        return byLayer;
    }
}
