package dev.latm.runtime.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.latm.model.ir.Shape;
import dev.latm.proto.onnx.GraphProto;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.onnx.NodeProto;
import dev.latm.proto.onnx.TensorProto;
import dev.latm.proto.onnx.TypeProto;
import dev.latm.proto.onnx.ValueInfoProto;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.EngineOptions;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Min/max calibration: runs the float model on ONNX Runtime with every activation made a graph
 * output, and records the range each activation takes over the calibration inputs, and its shape.
 *
 * <p>Min/max rather than a percentile: the weights are seeded uniform, not trained, so activations
 * have no long tails of rare outliers that clipping would pay for, and with a handful of inputs
 * a percentile would mostly clip values that recur on the next image.
 *
 * @param ranges the range of the graph input and of every node output except the graph outputs
 * @param shapes the shape of the same values
 */
record Calibration(Map<String, ValueRange> ranges, Map<String, List<Long>> shapes) {

    Calibration {
        ranges = Map.copyOf(ranges);
        shapes = Map.copyOf(shapes);
    }

    /** The calibrated range of {@code value}. */
    ValueRange range(String value) {
        ValueRange range = ranges.get(value);
        if (range == null) {
            throw new IllegalStateException("no calibration range for " + value);
        }
        return range;
    }

    /** The calibrated shape of {@code value}. */
    List<Long> shape(String value) {
        List<Long> shape = shapes.get(value);
        if (shape == null) {
            throw new IllegalStateException("no calibrated shape for " + value);
        }
        return shape;
    }

    /**
     * The elements of {@code value} per channel (dimension 1), or of the whole tensor for a
     * [batch, features] one: the rows of the GEMM that computes it.
     */
    long rows(String value) {
        List<Long> shape = shape(value);
        long rows = shape.get(0);
        for (int d = 2; d < shape.size(); d++) {
            rows *= shape.get(d);
        }
        return rows;
    }

    /**
     * @param inputs one or more full input tensors (every batch element), each of {@code inputShape}
     * @throws EngineException when ONNX Runtime cannot run the float model
     */
    static Calibration run(OrtEnvironment environment, ModelProto floatModel, Shape inputShape,
                           List<float[]> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one input");
        }
        String inputName = floatModel.getGraph().getInput(0).getName();
        Map<String, ValueRange> ranges = new LinkedHashMap<>();
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        long[] dims = {inputShape.batch(), inputShape.channels(), inputShape.height(), inputShape.width()};
        // one thread: float sums in one order, so the ranges (and the model's bytes) never depend on the
        // thread count a candidate is measured with
        EngineOptions calibrationOptions = new EngineOptions(1, EngineOptions.GraphOptimization.BASIC, false,
                EngineOptions.DEFAULT_SEED);
        try (SessionOptions options = OrtSessionOptions.create(calibrationOptions);
             OrtSession session = environment.createSession(everyActivationAnOutput(floatModel).toByteArray(),
                     options)) {
            for (float[] input : inputs) {
                merge(ranges, inputName, ValueRange.of(input));
                shapes.put(inputName, Arrays.stream(dims).boxed().toList());
                try (OnnxTensor inputTensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), dims);
                     OrtSession.Result result = session.run(Map.of(inputName, inputTensor))) {
                    for (Map.Entry<String, OnnxValue> output : result) {
                        OnnxTensor tensor = (OnnxTensor) output.getValue();
                        merge(ranges, output.getKey(), ValueRange.of(tensor.getFloatBuffer()));
                        shapes.put(output.getKey(), Arrays.stream(tensor.getInfo().getShape()).boxed().toList());
                    }
                }
            }
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime could not run the float model for int8 calibration: "
                    + e.getMessage(), e);
        }
        for (ValueInfoProto output : floatModel.getGraph().getOutputList()) {
            ranges.remove(output.getName());
        }
        return new Calibration(ranges, shapes);
    }

    /** The model with every node output that is not one already declared a float graph output. */
    static ModelProto everyActivationAnOutput(ModelProto model) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto output : graph.getOutputList()) {
            outputs.add(output.getName());
        }
        for (NodeProto node : graph.getNodeList()) {
            for (String value : node.getOutputList()) {
                if (outputs.add(value)) {
                    graph.addOutput(ValueInfoProto.newBuilder().setName(value).setType(TypeProto.newBuilder()
                            .setTensorType(TypeProto.Tensor.newBuilder()
                                    .setElemType(TensorProto.DataType.FLOAT_VALUE))));
                }
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }

    private static void merge(Map<String, ValueRange> ranges, String value, ValueRange range) {
        ranges.merge(value, range, ValueRange::union);
    }
}
