package dev.latm.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.latm.model.ir.Shape;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.onnx.OperatorSetIdProto;
import dev.latm.runtime.EngineOptions;

/** Runs small hand-built ONNX graphs through ONNX Runtime, for golden tests of single ops. */
final class OrtModels {
    private OrtModels() {
    }

    /** A model of {@code graph}, declared the way {@link OnnxLowering} declares its models. */
    static ModelProto model(OnnxGraphBuilder graph) {
        return ModelProto.newBuilder().setIrVersion(OnnxLowering.IR_VERSION).setProducerName("latm-test")
                .setGraph(graph.build("test"))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxLowering.OPSET))
                .build();
    }

    /** One forward pass of {@code model} on {@code input} with latm's default session options. */
    static float[] run(ModelProto model, Shape inputShape, float[] input) throws OrtException {
        try (OnnxRuntimeCandidate candidate = OnnxRuntimeCandidate.open(OrtEnvironment.getEnvironment(),
                model.toByteArray(), inputShape, input, OrtSessionOptions.create(EngineOptions.DEFAULT), "test model")) {
            return candidate.runAndCopyOutput();
        }
    }
}
