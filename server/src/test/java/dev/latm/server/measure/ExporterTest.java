package dev.latm.server.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.onnx.OnnxExport;
import org.junit.jupiter.api.Test;

/** Exports are bounded in size before their weights exist, and in the bytes all of them hold at once. */
class ExporterTest {
    private static final CompiledArchitecture SMALL =
            CompiledArchitecture.compile(Presets.get("mobilenet_v3_small"), Limits.DEFAULT, 64, 1);

    @Test
    void theSizeBoundIsAtLeastTheModelsSizeForEveryPreset() {
        for (String preset : Presets.names()) {
            CompiledArchitecture compiled = CompiledArchitecture.compile(Presets.get(preset), Limits.DEFAULT, 224, 2);
            long actual = OnnxExport.model(compiled, EngineOptions.DEFAULT_SEED).getSerializedSize();
            long bound = Exporter.sizeBound(compiled);
            assertTrue(bound >= actual && bound < actual * 1.1, preset + ": bound " + bound + ", model " + actual);
        }
    }

    @Test
    void aModelOverTheLimitIsRefusedAsALimitBeforeItIsBuilt() {
        Exporter exporter = new Exporter(Exporter.sizeBound(SMALL) - 1);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> exporter.reserve(SMALL));

        assertTrue(e.onlyLimits());
        assertEquals("architecture", e.violations().get(0).field());
        assertTrue(e.getMessage().contains("max_export_bytes = " + (Exporter.sizeBound(SMALL) - 1)), e.getMessage());
    }

    @Test
    void exportsInProgressHoldTheBudgetUntilTheirLeasesClose() {
        Exporter exporter = new Exporter(Exporter.sizeBound(SMALL) * 2);
        Exporter.Lease first = exporter.reserve(SMALL);
        Exporter.Lease second = exporter.reserve(SMALL);

        ExportBusyException busy = assertThrows(ExportBusyException.class, () -> exporter.reserve(SMALL));
        assertTrue(busy.getMessage().contains("retry shortly"), busy.getMessage());
        assertEquals(FailureKind.QUEUE_FULL, FailureKind.of(busy));

        first.close();
        first.close(); // idempotent: releases once
        exporter.reserve(SMALL).close();
        second.close();
        exporter.reserve(SMALL).close();
    }

    @Test
    void anOutOfMemoryErrorIsResourceExhaustedNotInternal() {
        assertEquals(FailureKind.OUT_OF_MEMORY, FailureKind.of(new OutOfMemoryError("Java heap space")));
    }
}
