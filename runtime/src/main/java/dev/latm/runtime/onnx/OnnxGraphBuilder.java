package dev.latm.runtime.onnx;

import com.google.protobuf.UnsafeByteOperations;
import dev.latm.proto.onnx.AttributeProto;
import dev.latm.proto.onnx.GraphProto;
import dev.latm.proto.onnx.NodeProto;
import dev.latm.proto.onnx.TensorProto;
import dev.latm.proto.onnx.TensorShapeProto;
import dev.latm.proto.onnx.TypeProto;
import dev.latm.proto.onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accumulates the nodes, initializers and graph inputs/outputs of one ONNX graph, and checks the
 * invariants a lowering bug would break: unique node names, unique value producers, initializer
 * sizes matching their dims, and every node input already defined (so nodes stay in topological
 * order, which ONNX requires).
 */
final class OnnxGraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<String> definedValues = new HashSet<>();

    /** Declares a float32 graph input of fixed shape. */
    OnnxGraphBuilder input(String name, long... dims) {
        define(name);
        graph.addInput(floatValueInfo(name, dims));
        return this;
    }

    /** Declares a float32 graph output of fixed shape; a node must produce it. */
    OnnxGraphBuilder output(String name, long... dims) {
        graph.addOutput(floatValueInfo(name, dims));
        return this;
    }

    /** Adds a float32 initializer, stored as little-endian raw bytes. */
    OnnxGraphBuilder initializer(String name, float[] values, long... dims) {
        long elements = 1;
        for (long dim : dims) {
            elements *= dim;
        }
        if (elements != values.length) {
            throw new IllegalArgumentException("initializer " + name + " has " + values.length
                    + " values but dims " + java.util.Arrays.toString(dims) + " need " + elements);
        }
        define(name);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                // the buffer is ours and never written again, so the copy protobuf would make is wasted
                .setRawData(UnsafeByteOperations.unsafeWrap(bytes.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return this;
    }

    boolean isDefined(String value) {
        return definedValues.contains(value);
    }

    /** Adds a node with one output. */
    OnnxGraphBuilder node(String name, String opType, List<String> inputs, String output,
                          AttributeProto... attributes) {
        if (!nodeNames.add(name)) {
            throw new IllegalStateException("duplicate ONNX node name " + name);
        }
        for (String input : inputs) {
            if (!definedValues.contains(input)) {
                throw new IllegalStateException("node " + name + " reads " + input + " before anything defines it");
            }
        }
        define(output);
        graph.addNode(NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(inputs)
                .addOutput(output).addAllAttribute(List.of(attributes)));
        return this;
    }

    GraphProto build(String name) {
        return graph.clone().setName(name).build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    private void define(String value) {
        if (!definedValues.add(value)) {
            throw new IllegalStateException("ONNX value " + value + " is defined twice");
        }
    }

    private static ValueInfoProto floatValueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }
}
