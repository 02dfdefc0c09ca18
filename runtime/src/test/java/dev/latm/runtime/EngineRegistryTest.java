package dev.latm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.runtime.jvm.JavaEngine;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EngineRegistryTest {
    private final AtomicInteger javaCreated = new AtomicInteger();
    private final AtomicInteger brokenTried = new AtomicInteger();
    private final EngineRegistry registry = new EngineRegistry(List.of(
            new EngineRegistry.Entry("broken", Set.of(Dtype.FLOAT32), () -> {
                brokenTried.incrementAndGet();
                throw new UnsatisfiedLinkError("no libbroken in java.library.path");
            }),
            new EngineRegistry.Entry(JavaEngine.NAME, Set.of(Dtype.FLOAT32), () -> {
                javaCreated.incrementAndGet();
                return JavaEngine.create();
            })));

    @Test
    void createsAnEngineOnlyWhenFirstAskedAndOnce() {
        assertEquals(List.of("broken", "java"), registry.names());
        assertTrue(registry.contains("java"));
        assertEquals(0, javaCreated.get(), "listing names creates nothing");

        Engine first = registry.get("java");
        Engine second = registry.get("java");

        assertSame(first, second);
        assertEquals(1, javaCreated.get());
        assertEquals(0, brokenTried.get(), "asking for one engine creates no other");
    }

    @Test
    void anUnknownNameListsWhatExists() {
        UnknownEngineException e = assertThrows(UnknownEngineException.class, () -> registry.get("tflite"));

        assertEquals("unknown engine 'tflite': this build has broken, java", e.getMessage());
        assertEquals(e.getMessage(), registry.unknown("tflite"));
        assertFalse(registry.contains("tflite"));
    }

    @Test
    void anEngineThatCannotLoadIsReportedWithItsReasonAndTheOthersStillWork() {
        EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> registry.get("broken"));
        assertEquals("engine 'broken' cannot run on this host: no libbroken in java.library.path", e.getMessage());
        assertThrows(EngineUnavailableException.class, () -> registry.get("broken"));
        assertEquals(1, brokenTried.get(), "a failure to load is remembered, not retried per request");

        List<EngineRegistry.Status> status = registry.status();

        assertEquals(new EngineRegistry.Status("broken", "", "no libbroken in java.library.path"), status.get(0));
        assertFalse(status.get(0).available());
        assertEquals("java", status.get(1).name());
        assertTrue(status.get(1).available());
        assertEquals(registry.get("java").version(), status.get(1).version());
    }

    @Test
    void theStandardRegistryHasBothEnginesAndItsDefaultFirst() {
        EngineRegistry standard = EngineRegistry.standard();

        assertEquals(List.of(EngineRegistry.DEFAULT_ENGINE, "java"), standard.names());
        assertSame(standard, EngineRegistry.standard());
    }

    @Test
    void aRegistryNeedsDistinctEngines() {
        EngineRegistry.Entry java = new EngineRegistry.Entry("java", Set.of(Dtype.FLOAT32), JavaEngine::create);
        assertThrows(IllegalArgumentException.class, () -> new EngineRegistry(List.of()));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new EngineRegistry(List.of(java, java)));
        assertEquals("engine 'java' is registered twice", twice.getMessage());
    }
}
