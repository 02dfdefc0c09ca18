package dev.latm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnginesTest {
    private static final List<Engine> ENGINES = Engines.all();

    @Test
    void everyShippedEngineRunsFloat32AndOnlyOnnxRuntimeRunsInt8() {
        assertEquals(List.of("onnxruntime", "java"), Engines.supporting(ENGINES, Dtype.FLOAT32));
        assertEquals(List.of("onnxruntime"), Engines.supporting(ENGINES, Dtype.INT8));
    }

    @Test
    void supportingKeepsTheOrderItIsGiven() {
        assertEquals(List.of("java", "onnxruntime"), Engines.supporting(List.of(ENGINES.get(1), ENGINES.get(0)),
                Dtype.FLOAT32));
        assertEquals(List.of(), Engines.supporting(List.of(ENGINES.get(1)), Dtype.INT8));
    }
}
