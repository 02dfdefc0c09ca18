package dev.latm.server.measure;

import dev.latm.runtime.Dtype;
import java.util.Arrays;

/**
 * The numeric format on the wire ({@code latm.v1.Dtype}) and in the engines ({@link Dtype}): the same
 * names, so one maps to the other by name, and {@code DTYPE_UNSPECIFIED} is the default, FLOAT32.
 * {@code WireDtypesTest} keeps the two enums in step.
 */
public final class WireDtypes {
    private WireDtypes() {
    }

    /**
     * The engines' format of a wire value.
     *
     * @throws IllegalArgumentException for a number the contract does not define (a newer client's)
     */
    public static Dtype of(dev.latm.proto.v1.Dtype wire) {
        return switch (wire) {
            case DTYPE_UNSPECIFIED -> Dtype.FLOAT32;
            case UNRECOGNIZED -> throw new IllegalArgumentException("not a numeric format of this server: " + wire);
            default -> Dtype.valueOf(wire.name());
        };
    }

    /** The wire value of an engines' format. */
    public static dev.latm.proto.v1.Dtype toWire(Dtype dtype) {
        return dev.latm.proto.v1.Dtype.valueOf(dtype.name());
    }

    /** {@code FLOAT32 or INT8} (or lower case, for help texts). */
    static String choices(boolean lowerCase) {
        return String.join(" or ", Arrays.stream(Dtype.values()).map(d -> lowerCase ? d.label() : d.name()).toList());
    }
}
