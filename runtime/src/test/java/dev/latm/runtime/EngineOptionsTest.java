package dev.latm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.latm.runtime.EngineOptions.GraphOptimization;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

    @Test
    void float32IsTheDefaultAndWhatTheOlderConstructorMeans() {
        assertEquals(Dtype.FLOAT32, EngineOptions.DEFAULT.dtype());
        assertEquals(Dtype.FLOAT32, new EngineOptions(2, GraphOptimization.BASIC, false, 7).dtype());
    }

    @Test
    void withDtypeChangesOnlyTheDtype() {
        EngineOptions options = new EngineOptions(3, GraphOptimization.EXTENDED, false, 11);
        assertEquals(new EngineOptions(3, GraphOptimization.EXTENDED, false, 11, Dtype.INT8),
                options.withDtype(Dtype.INT8));
        assertEquals(Dtype.INT8, options.withDtype(Dtype.INT8).withThreads(1).withSeed(2).dtype(),
                "the other withers keep the dtype");
    }

    @Test
    void badValuesAreRefusedByName() {
        assertEquals("dtype", assertThrows(NullPointerException.class,
                () -> new EngineOptions(1, GraphOptimization.ALL, true, 1, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> EngineOptions.DEFAULT.withThreads(0));
    }
}
