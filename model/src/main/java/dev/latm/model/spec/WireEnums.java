package dev.latm.model.spec;

import com.google.protobuf.ProtocolMessageEnum;
import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Maps between the wire enums of architecture.proto and the spec enums, by name, so that the two
 * can never drift apart silently. Reading returns null for values this build does not know
 * (UNRECOGNIZED), and the documented default for 0 (UNSPECIFIED) where the field has one.
 */
final class WireEnums {
    private WireEnums() {
    }

    static ConvOp convOp(int wire) {
        return read(wire, null, dev.latm.proto.v1.ConvOp::forNumber, ConvOp.class);
    }

    static Activation activation(int wire) {
        return read(wire, null, dev.latm.proto.v1.Activation::forNumber, Activation.class);
    }

    static SkipOp skip(int wire) {
        return read(wire, SkipOp.IDENTITY, dev.latm.proto.v1.SkipOp::forNumber, SkipOp.class);
    }

    static SeBase seBase(int wire) {
        return read(wire, SeBase.EXPANDED, dev.latm.proto.v1.SeBase::forNumber, SeBase.class);
    }

    static SeRounding seRounding(int wire) {
        return read(wire, SeRounding.MAKE_DIVISIBLE_8, dev.latm.proto.v1.SeRounding::forNumber, SeRounding.class);
    }

    static SeGate seGate(int wire) {
        return read(wire, SeGate.HARD_SIGMOID, dev.latm.proto.v1.SeGate::forNumber, SeGate.class);
    }

    static dev.latm.proto.v1.ConvOp toWire(ConvOp op) {
        return dev.latm.proto.v1.ConvOp.valueOf(op.name());
    }

    static dev.latm.proto.v1.Activation toWire(Activation activation) {
        if (activation == Activation.NONE) {
            throw new IllegalArgumentException("activation NONE has no wire form");
        }
        return dev.latm.proto.v1.Activation.valueOf(activation.name());
    }

    static dev.latm.proto.v1.SkipOp toWire(SkipOp skip) {
        return dev.latm.proto.v1.SkipOp.valueOf(skip.name());
    }

    static dev.latm.proto.v1.SeBase toWire(SeBase base) {
        return dev.latm.proto.v1.SeBase.valueOf(base.name());
    }

    static dev.latm.proto.v1.SeRounding toWire(SeRounding rounding) {
        return dev.latm.proto.v1.SeRounding.valueOf(rounding.name());
    }

    static dev.latm.proto.v1.SeGate toWire(SeGate gate) {
        return dev.latm.proto.v1.SeGate.valueOf(gate.name());
    }

    /** "A, B, C": the allowed names of a spec enum, as error messages list them. */
    static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(", "));
    }

    private static <W extends ProtocolMessageEnum, S extends Enum<S>> S read(
            int wire, S unspecified, IntFunction<W> forNumber, Class<S> specType) {
        if (wire == 0) {
            return unspecified;
        }
        W value = forNumber.apply(wire);
        if (value == null) {
            return null;
        }
        return Enum.valueOf(specType, ((Enum<?>) value).name());
    }
}
