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
    /*
     * ONNX TensorProto.DataType numbers of the integer types quantised models use. latm's proto
     * subset names only FLOAT and INT64; data_type is a plain int32 on the wire, so the numbers are
     * the ONNX format's own and need no schema change.
     */
    /** ONNX UINT8: quantised activations and their zero points. */
    static final int UINT8 = 2;
    /** ONNX INT8: quantised weights and their zero points. */
    static final int INT8 = 3;
    /** ONNX INT32: quantised biases. */
    static final int INT32 = 6;

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
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return rawInitializer(name, TensorProto.DataType.FLOAT_VALUE, values.length, bytes.array(), dims);
    }

    /** Adds an int32 initializer (quantised biases), stored as little-endian raw bytes. */
    OnnxGraphBuilder int32Initializer(String name, int[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(values);
        return rawInitializer(name, INT32, values.length, bytes.array(), dims);
    }

    /**
     * Adds an 8-bit initializer of {@code type} {@link #INT8} or {@link #UINT8} (quantised weights,
     * zero points); the bytes are the values' two's-complement or unsigned bit patterns.
     */
    OnnxGraphBuilder byteInitializer(String name, int type, byte[] values, long... dims) {
        if (type != INT8 && type != UINT8) {
            throw new IllegalArgumentException("byte initializer " + name + " must be INT8 or UINT8, got " + type);
        }
        return rawInitializer(name, type, values.length, values.clone(), dims);
    }

    /** Adds an initializer exactly as given (a tensor carried over from another graph). */
    OnnxGraphBuilder initializer(TensorProto tensor) {
        define(tensor.getName());
        graph.addInitializer(tensor);
        return this;
    }

    private OnnxGraphBuilder rawInitializer(String name, int type, int count, byte[] bytes,
                                            long... dims) {
        long elements = 1;
        for (long dim : dims) {
            elements *= dim;
        }
        if (elements != count) {
            throw new IllegalArgumentException("initializer " + name + " has " + count
                    + " values but dims " + java.util.Arrays.toString(dims) + " need " + elements);
        }
        define(name);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type)
                // the buffer is ours and never written again, so the copy protobuf would make is wasted
                .setRawData(UnsafeByteOperations.unsafeWrap(bytes));
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
        return node(name, opType, inputs, output, List.of(attributes));
    }

    /** Adds a node with one output and the given attributes. */
    OnnxGraphBuilder node(String name, String opType, List<String> inputs, String output,
                          List<AttributeProto> attributes) {
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
                .addOutput(output).addAllAttribute(attributes));
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
