package dev.latm.model.spec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.latm.proto.v1.Architecture;

/** Architecture JSON in the protobuf JSON mapping (lowerCamelCase or proto field names both read). */
public final class ArchitectureJson {
    private ArchitectureJson() {
    }

    /**
     * @throws IllegalArgumentException with the parser's message (unknown field, bad enum name, ...)
     */
    public static Architecture parse(String json) {
        Architecture.Builder builder = Architecture.newBuilder();
        try {
            JsonFormat.parser().merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("invalid architecture JSON: " + e.getMessage(), e);
        }
        return builder.build();
    }

    /** Writes proto field names (snake_case), matching the documentation and error messages. */
    public static String print(Architecture architecture) {
        try {
            return JsonFormat.printer().preservingProtoFieldNames().print(architecture);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an Architecture message always prints", e);
        }
    }
}
