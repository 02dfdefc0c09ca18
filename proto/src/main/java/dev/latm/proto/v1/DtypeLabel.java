package dev.latm.proto.v1;

import java.util.Locale;

/**
 * How a request's numeric format is written where people and files read it: {@code float32} or
 * {@code int8}, as the {@code --dtype} flag takes it. One home for the client's result tables and the
 * model's predictor keys, which must agree (a predictor is chosen by comparing the two).
 */
public final class DtypeLabel {
    /** The label of the default format, and of an unset one. */
    public static final String FLOAT32 = "float32";

    private DtypeLabel() {
    }

    /**
     * Unset is float32 (results stored before numeric formats existed were all float32); a number this
     * build does not know (a newer peer's) is written as that number.
     */
    public static String of(MeasurementOptionsOrBuilder options) {
        return switch (options.getDtype()) {
            case DTYPE_UNSPECIFIED -> FLOAT32;
            case UNRECOGNIZED -> Integer.toString(options.getDtypeValue());
            default -> options.getDtype().name().toLowerCase(Locale.ROOT);
        };
    }
}
