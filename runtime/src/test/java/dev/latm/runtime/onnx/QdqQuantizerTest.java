package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.proto.onnx.ModelProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the QDQ rewrite refuses, on graphs no lowering of latm's writes. */
class QdqQuantizerTest {
    private static final Calibration CALIBRATION = new Calibration(
            Map.of("x", new ValueRange(-1f, 1f), "y", new ValueRange(0f, 1f)),
            Map.of("x", List.of(1L, 4L), "y", List.of(1L, 4L)));

    @Test
    void anOpWithoutAnInt8FormIsRefusedByNodeAndOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> quantize("Softmax"));
        assertTrue(e.getMessage().contains("softmax (Softmax)") && e.getMessage().contains("no int8 form"),
                e.getMessage());
    }

    @Test
    void aReluThatFollowsNoConvOrGemmIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> quantize("Relu"));
        assertTrue(e.getMessage().contains("only quantised right after a Conv or Gemm"), e.getMessage());
    }

    @Test
    void aSupportedOpGetsItsOutputQuantised() {
        ModelProto model = quantize("Sigmoid");
        assertEquals(List.of("QuantizeLinear", "DequantizeLinear", "Sigmoid", "QuantizeLinear", "DequantizeLinear"),
                model.getGraph().getNodeList().stream().map(dev.latm.proto.onnx.NodeProto::getOpType).toList());
        assertEquals(List.of("x/dequantized"), model.getGraph().getNode(2).getInputList(), "reads the int8 input");
    }

    /** x -> op -> y. */
    private static ModelProto quantize(String op) {
        OnnxGraphBuilder graph = new OnnxGraphBuilder();
        graph.input("x", 1, 4);
        graph.node(op.toLowerCase(java.util.Locale.ROOT), op, List.of("x"), "y");
        graph.output("y", 1, 4);
        return QdqQuantizer.quantize(OnnxLowering.model(graph.build("test")), CALIBRATION, 127,
                GemmTailDefect.ABSENT);
    }
}
