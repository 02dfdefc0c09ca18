package dev.latm.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two engines compute the same function: ONNX Runtime on the ONNX lowering and the Java engine
 * on the IR, from the same seeded weights and input. Agreement is measured relative to the output
 * scale (the largest |logit|), as {@code latm crosscheck} reports it.
 */
class CrosscheckTest {
    private static final double TOLERANCE = 1e-3;
    private static final int RANDOM_ARCHITECTURES = 60;

    private final Engine onnx = OnnxRuntimeEngine.create();
    private final Engine java = new JavaEngine();

    @Test
    void everyPresetAgreesWithOnnxRuntime() {
        for (String preset : Presets.names()) {
            double rel = relativeDifference(CompiledArchitecture.compile(Presets.get(preset), Limits.DEFAULT, 96, 2));
            assertTrue(rel <= TOLERANCE, preset + ": max relative difference " + rel);
        }
    }

    @Test
    void randomAndCornerCaseArchitecturesAgreeWithOnnxRuntime() {
        List<Architecture> architectures = new ArrayList<>(TestArchitectures.cornerCases());
        // the seeds JavaEngineTest proves cover every op, kernel, stride, skip, SE gate and activation
        for (long seed = 1; seed <= RANDOM_ARCHITECTURES; seed++) {
            architectures.add(TestArchitectures.random(seed));
        }
        int checked = 0;
        for (Architecture architecture : architectures) {
            CompiledArchitecture compiled = TestArchitectures.compile(architecture);
            double rel = relativeDifference(compiled);
            assertTrue(rel <= TOLERANCE, compiled.id() + " " + architecture.getName()
                    + ": max relative difference " + rel);
            checked++;
        }
        assertTrue(checked >= 50 + TestArchitectures.cornerCases().size(), "checked " + checked);
    }

    private double relativeDifference(CompiledArchitecture compiled) {
        EngineOptions options = EngineOptions.DEFAULT;
        float[] expected = output(onnx, compiled, options);
        float[] actual = output(java, compiled, options);
        assertEquals(expected.length, actual.length);
        double maxAbs = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs((double) expected[i] - actual[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        assertTrue(scale > 0, "an all-zero output would make agreement meaningless");
        return maxAbs / scale;
    }

    private static float[] output(Engine engine, CompiledArchitecture compiled, EngineOptions options) {
        try (Candidate candidate = engine.build(compiled, options)) {
            return candidate.runAndCopyOutput();
        }
    }
}
