package dev.latm.server.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latm.proto.v1.DtypeLabel;
import dev.latm.proto.v1.MeasurementOptions;
import dev.latm.runtime.Dtype;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire's numeric formats and the engines' are the same list, by name. */
class WireDtypesTest {

    @Test
    void everyFormatHasItsWireValueAndBack() {
        List<String> wire = Arrays.stream(dev.latm.proto.v1.Dtype.values())
                .filter(d -> d != dev.latm.proto.v1.Dtype.DTYPE_UNSPECIFIED && d != dev.latm.proto.v1.Dtype.UNRECOGNIZED)
                .map(Enum::name).toList();
        assertEquals(Arrays.stream(Dtype.values()).map(Enum::name).toList(), wire);
        for (Dtype dtype : Dtype.values()) {
            assertEquals(dtype, WireDtypes.of(WireDtypes.toWire(dtype)));
        }
    }

    @Test
    void unspecifiedIsFloat32AndAnUnknownNumberIsRefused() {
        assertEquals(Dtype.FLOAT32, WireDtypes.of(dev.latm.proto.v1.Dtype.DTYPE_UNSPECIFIED));
        assertThrows(IllegalArgumentException.class, () -> WireDtypes.of(dev.latm.proto.v1.Dtype.UNRECOGNIZED));
    }

    @Test
    void theEnginesLabelIsTheWiresLabel() {
        assertEquals("int8", Dtype.INT8.label());
        for (Dtype dtype : Dtype.values()) {
            assertEquals(DtypeLabel.of(MeasurementOptions.newBuilder().setDtype(WireDtypes.toWire(dtype))),
                    dtype.label());
        }
    }
}
