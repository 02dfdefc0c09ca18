package dev.latm.model.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.latm.proto.v1.Dtype;
import dev.latm.proto.v1.MeasureResponse;
import dev.latm.proto.v1.MeasurementOptions;
import org.junit.jupiter.api.Test;

/** {@link PredictorKey#of}: the configuration of a measured result, its format written as the result tables write it. */
class PredictorKeyTest {

    @Test
    void aResultsFormatIsLabelledAsItsTableColumnIs() {
        assertEquals("float32", keyOf(MeasurementOptions.newBuilder()).dtype(), "unset: from before numeric formats");
        assertEquals("int8", keyOf(MeasurementOptions.newBuilder().setDtype(Dtype.INT8)).dtype());
        // a newer server's format keeps its number, so that two unknown formats stay apart
        assertEquals("5", keyOf(MeasurementOptions.newBuilder().setDtypeValue(5)).dtype());
    }

    private static PredictorKey keyOf(MeasurementOptions.Builder options) {
        return PredictorKey.of(MeasureResponse.newBuilder().setDeviceId("vm").setEngine("onnxruntime")
                .setEngineVersion("1.23.2").setOptions(options.setThreads(1).setResolution(224).setBatch(1)).build());
    }
}
