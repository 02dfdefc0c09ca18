package dev.latm.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.runtime.Engine;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.OutputDifference;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two engines compute the same function: ONNX Runtime on the ONNX lowering and the Java engine
 * on the IR, from the same seeded weights and input, compared by {@link OutputDifference} as
 * {@code latm crosscheck} compares them.
 */
class CrosscheckTest {
    private static final int RANDOM_ARCHITECTURES = 60;

    private final Engine onnx = OnnxRuntimeEngine.create();
    private final Engine java = new JavaEngine();

    @Test
    void everyPresetAgreesWithOnnxRuntime() {
        for (String preset : Presets.names()) {
            assertAgree(preset, TestArchitectures.preset(preset, 96, 2));
        }
    }

    @Test
    void randomAndCornerCaseArchitecturesAgreeWithOnnxRuntime() {
        List<Architecture> architectures = new ArrayList<>(TestArchitectures.handMade());
        // the seeds JavaEngineTest proves cover every op, kernel, stride, skip, SE gate and activation
        for (long seed = 1; seed <= RANDOM_ARCHITECTURES; seed++) {
            architectures.add(TestArchitectures.random(seed));
        }
        int checked = 0;
        for (Architecture architecture : architectures) {
            CompiledArchitecture compiled = TestArchitectures.compile(architecture);
            assertAgree(compiled.id() + " " + architecture.getName(), compiled);
            checked++;
        }
        assertTrue(checked >= 50 + TestArchitectures.handMade().size(), "checked " + checked);
    }

    private void assertAgree(String what, CompiledArchitecture compiled) {
        OutputDifference difference = OutputDifference.of(onnx, java, compiled, EngineOptions.DEFAULT);
        assertTrue(difference.scale() > 0, what + ": an all-zero output would make agreement meaningless");
        assertTrue(difference.agrees(), what + ": " + difference);
    }
}
