package dev.latm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The formats the registry declares for each engine, without creating it, are the ones the engine runs. */
class EngineDtypesTest {
    private final EngineRegistry registry = EngineRegistry.standard();

    @Test
    void everyShippedEngineRunsFloat32AndOnlyOnnxRuntimeRunsInt8() {
        assertEquals(List.of("onnxruntime", "java"), registry.supporting(Dtype.FLOAT32));
        assertEquals(List.of("onnxruntime"), registry.supporting(Dtype.INT8));
    }

    @Test
    void theDeclaredFormatsAreTheOnesEachEngineReports() {
        for (String name : registry.names()) {
            assertEquals(registry.get(name).dtypes(), registry.dtypes(name), name);
        }
    }

    @Test
    void anUnknownEngineHasNoFormats() {
        UnknownEngineException e = assertThrows(UnknownEngineException.class, () -> registry.dtypes("tflite"));
        assertEquals(registry.unknown("tflite"), e.getMessage());
    }
}
