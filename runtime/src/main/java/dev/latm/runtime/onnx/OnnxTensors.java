package dev.latm.runtime.onnx;

import dev.latm.proto.onnx.AttributeProto;
import dev.latm.proto.onnx.NodeProto;
import dev.latm.proto.onnx.TensorProto;
import dev.latm.proto.onnx.TensorShapeProto;
import dev.latm.proto.onnx.ValueInfoProto;
import java.nio.ByteOrder;
import java.util.List;

/** Reads back what an ONNX graph holds: float initializers, declared shapes, node attributes. */
final class OnnxTensors {
    private OnnxTensors() {
    }

    /**
     * The values of a float initializer, stored raw (as latm writes them) or as float_data.
     *
     * @throws IllegalArgumentException when the initializer is not float
     */
    static float[] floats(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("initializer " + tensor.getName() + " is not float but type "
                    + tensor.getDataType());
        }
        if (!tensor.hasRawData()) {
            float[] values = new float[tensor.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
            return values;
        }
        float[] values = new float[tensor.getRawData().size() / Float.BYTES];
        tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** The fixed dims a graph input or output declares. */
    static long[] dims(ValueInfoProto value) {
        List<TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
        return dims.stream().mapToLong(TensorShapeProto.Dimension::getDimValue).toArray();
    }

    /** An int attribute of {@code node}, or 0 where it has none. */
    static long attributeInt(NodeProto node, String name) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getI();
            }
        }
        return 0;
    }

    /** A float attribute of {@code node}, or {@code otherwise} where it has none. */
    static float attributeFloat(NodeProto node, String name, float otherwise) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getF();
            }
        }
        return otherwise;
    }
}
