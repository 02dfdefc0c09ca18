package dev.latm.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.model.ir.Shape;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.EngineOptions.GraphOptimization;
import dev.latm.runtime.EngineOptions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class OnnxRuntimeEngineTest {
    private static final OnnxRuntimeEngine ENGINE = OnnxRuntimeEngine.create();
    private static final int RESOLUTION = 64;

    static Stream<Named<CompiledArchitecture>> architecturesAtBatch2() {
        return TestArchitectures.named(TestArchitectures.all(RESOLUTION, 2));
    }

    @Test
    void namesItselfAndReportsOrtsVersion() {
        assertEquals("onnxruntime", ENGINE.name());
        assertTrue(ENGINE.version().matches("\\d+\\.\\d+\\.\\d+.*"), ENGINE.version());
    }

    /** Every preset and hand-built network runs; batch 2 covers batch 1's code path and more. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architecturesAtBatch2")
    void buildsAndRunsWithLogitsPerImage(CompiledArchitecture arch) {
        int classes = arch.spec().numClasses();
        try (Candidate candidate = ENGINE.build(arch, EngineOptions.DEFAULT)) {
            candidate.run();
            float[] logits = candidate.runAndCopyOutput();
            assertEquals(2 * classes, logits.length);
            for (float logit : logits) {
                assertTrue(Float.isFinite(logit), "non-finite logit " + logit);
            }
            float[] first = Arrays.copyOfRange(logits, 0, classes);
            float[] second = Arrays.copyOfRange(logits, classes, 2 * classes);
            assertFalse(Arrays.equals(first, second), "two different images gave the same logits");
        }
    }

    @Test
    void batchOneGivesOneRowOfLogits() {
        CompiledArchitecture arch = TestArchitectures.preset("mobilenet_v3_small", RESOLUTION, 1);
        try (Candidate candidate = ENGINE.build(arch, EngineOptions.DEFAULT)) {
            assertEquals(1000, candidate.runAndCopyOutput().length);
            assertFalse(candidate.jitCompiled(), "ONNX Runtime computes in native code: no JIT to wait for");
        }
    }

    @Test
    void sameSeedComputesTheSameFunctionAndOtherSeedsAnother() {
        CompiledArchitecture arch = TestArchitectures.preset("mnasnet_a1", RESOLUTION, 1);
        float[] first = logits(arch, EngineOptions.DEFAULT);
        assertArrayEquals(first, logits(arch, EngineOptions.DEFAULT));
        float[] otherSeed = logits(arch, new EngineOptions(1, GraphOptimization.ALL, true, 12345));
        assertFalse(Arrays.equals(first, otherSeed));
    }

    /** Graph optimisation, threads and spinning change speed, never the function (up to rounding). */
    @ParameterizedTest
    @EnumSource(GraphOptimization.class)
    void everyOptimizationLevelAndThreadingComputesTheSameLogits(GraphOptimization level) {
        CompiledArchitecture arch = TestArchitectures.preset("mobilenet_v3_small", RESOLUTION, 1);
        float[] reference = logits(arch, new EngineOptions(1, GraphOptimization.NONE, true, 3));
        float[] actual = logits(arch, new EngineOptions(2, level, false, 3));
        float scale = 0;
        for (float value : reference) {
            scale = Math.max(scale, Math.abs(value));
        }
        assertArrayEquals(reference, actual, 1e-4f * scale, level.toString());
    }

    @Test
    void closeIsIdempotentAndAClosedCandidateRefusesToRun() {
        Candidate candidate = ENGINE.build(TestArchitectures.preset("mobilenet_v3_small", RESOLUTION, 1),
                EngineOptions.DEFAULT);
        candidate.run();
        candidate.close();
        assertDoesNotThrow(candidate::close);
        IllegalStateException e = assertThrows(IllegalStateException.class, candidate::run);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aModelOrtRejectsIsAnEngineExceptionThatSaysWhat() throws Exception {
        byte[] notAModel = "this is not an ONNX model".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Shape shape = new Shape(1, 3, 32, 32);
        EngineException e = assertThrows(EngineException.class, () -> OnnxRuntimeCandidate.open(
                OrtEnvironment.getEnvironment(), notAModel, shape, new float[3 * 32 * 32],
                OrtSessionOptions.create(EngineOptions.DEFAULT), "architecture broken"));
        assertTrue(e.getMessage().contains("could not build architecture broken"), e.getMessage());
        assertTrue(e.getMessage().length() > "could not build architecture broken".length() + 30,
                "the message carries ORT's reason: " + e.getMessage());
    }

    @Test
    void anInputThatDoesNotFitTheModelIsAnEngineExceptionAtRun() throws Exception {
        CompiledArchitecture arch = TestArchitectures.preset("mobilenet_v3_small", RESOLUTION, 1);
        byte[] model = OnnxExport.model(arch, 1).toByteArray();
        Shape wrong = new Shape(1, 3, 32, 32);
        try (OnnxRuntimeCandidate candidate = OnnxRuntimeCandidate.open(OrtEnvironment.getEnvironment(), model,
                wrong, new float[(int) wrong.elements()], OrtSessionOptions.create(EngineOptions.DEFAULT),
                "architecture small")) {
            EngineException e = assertThrows(EngineException.class, candidate::run);
            assertTrue(e.getMessage().startsWith("ONNX Runtime failed to run architecture small: "), e.getMessage());
        }
    }

    @Test
    void optimizationLevelsMapOneToOne() {
        assertEquals(GraphOptimization.values().length, Arrays.stream(GraphOptimization.values())
                .map(OrtSessionOptions::level).distinct().count());
        assertEquals(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.NO_OPT,
                OrtSessionOptions.level(GraphOptimization.NONE));
        assertEquals(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT,
                OrtSessionOptions.level(GraphOptimization.ALL));
    }

    @Test
    void sessionOptionsCarrySpinningAsOrtsConfigEntry() throws Exception {
        try (var spinning = OrtSessionOptions.create(EngineOptions.DEFAULT);
             var parked = OrtSessionOptions.create(new EngineOptions(1, GraphOptimization.ALL, false, 1))) {
            assertEquals("1", spinning.getConfigEntries().get(OrtSessionOptions.ALLOW_SPINNING));
            assertEquals("0", parked.getConfigEntries().get(OrtSessionOptions.ALLOW_SPINNING));
        }
    }

    private static float[] logits(CompiledArchitecture arch, EngineOptions options) {
        try (Candidate candidate = ENGINE.build(arch, options)) {
            return candidate.runAndCopyOutput();
        }
    }
}
