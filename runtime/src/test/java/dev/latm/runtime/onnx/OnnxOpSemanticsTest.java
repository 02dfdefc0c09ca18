package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latm.model.ir.Shape;
import dev.latm.model.spec.Activation;
import dev.latm.model.spec.SeGate;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ONNX ops latm emits, run by ONNX Runtime, against latm's reference definitions and tiny
 * hand-computed goldens: the ONNX spelling of an op is easy to get subtly wrong (HardSigmoid's
 * default alpha, AveragePool's border windows) while the graph still loads and runs.
 */
class OnnxOpSemanticsTest {
    /** -8 to 8 in steps of 1/8: covers the kinks at -3, 0, 3 and 6 exactly. */
    private static final float[] RAMP = ramp(-8f, 8f, 0.125f);
    private static final Shape RAMP_SHAPE = new Shape(1, 1, 1, RAMP.length);

    /** NONE emits no node at all; OnnxLoweringTest checks that. */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void activationNodesComputeTheReferenceActivation(Activation activation) throws Exception {
        assertMatchesOnTheRamp(graph -> OnnxLowering.activation(graph, "layer", activation, "input", "out"),
                activation::apply, activation.toString());
    }

    @ParameterizedTest
    @EnumSource(SeGate.class)
    void gateNodesComputeTheReferenceGate(SeGate gate) throws Exception {
        assertMatchesOnTheRamp(graph -> OnnxLowering.gate(graph, "se", gate, "input", "out"), gate::apply,
                gate.toString());
    }

    /**
     * 7 x 7 pooled by 2 in ceil mode is 4 x 4; the last row and column of windows hold one input
     * row or column, and average only those values (count_include_pad = 0), as the IR's AvgPool says.
     */
    @Test
    void averagePoolInCeilModeAveragesOnlyTheValidPartOfBorderWindows() throws Exception {
        Shape inputShape = new Shape(1, 1, 7, 7);
        float[] input = new float[49];
        for (int i = 0; i < input.length; i++) {
            input[i] = i; // value = 7 * row + column
        }
        OnnxGraphBuilder graph = new OnnxGraphBuilder().input("input", 1, 1, 7, 7);
        OnnxLowering.averagePool(graph, "pool", "input", "out", 2);
        float[] actual = OrtModels.run(OrtModels.model(graph.output("out", 1, 1, 4, 4)), inputShape, input);
        // Window means: rows {0,1},{2,3},{4,5},{6} -> 0.5, 2.5, 4.5, 6 (columns alike); value = 7 * row + column.
        float[] golden = {
            4f, 6f, 8f, 9.5f,
            18f, 20f, 22f, 23.5f,
            32f, 34f, 36f, 37.5f,
            42.5f, 44.5f, 46.5f, 48f,
        };
        assertEquals(16, actual.length);
        assertArrayEquals(golden, actual, 1e-6f);
    }

    /** latm's reference definition of an elementwise op. */
    private interface Elementwise {
        float apply(float x);
    }

    /** Lowers {@code node} (from {@code input} to {@code out}), runs it on the ramp and compares every point. */
    private static void assertMatchesOnTheRamp(Consumer<OnnxGraphBuilder> node, Elementwise reference, String label)
            throws Exception {
        OnnxGraphBuilder graph = new OnnxGraphBuilder().input("input", 1, 1, 1, RAMP.length);
        node.accept(graph);
        float[] actual = OrtModels.run(OrtModels.model(graph.output("out", 1, 1, 1, RAMP.length)), RAMP_SHAPE, RAMP);
        float[] expected = new float[RAMP.length];
        for (int i = 0; i < RAMP.length; i++) {
            expected[i] = reference.apply(RAMP[i]);
        }
        assertArrayEquals(expected, actual, 1e-6f, label);
    }

    private static float[] ramp(float from, float to, float step) {
        int count = Math.round((to - from) / step) + 1;
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = from + i * step;
        }
        return values;
    }
}
