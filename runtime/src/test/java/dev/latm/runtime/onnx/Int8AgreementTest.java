package dev.latm.runtime.onnx;

import dev.latm.model.TestArchitectures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.Shape;
import dev.latm.model.spec.DesignVariants;
import dev.latm.model.spec.Presets;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.proto.v1.Architecture;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The int8 network computes the float network's function: the cosine similarity of their logits
 * is at least 0.99 on seeded inputs, none of which calibrated the int8 model (seen: >= 0.9999 on
 * every preset at 224).
 */
class Int8AgreementTest {
    private static final double MIN_COSINE = 0.99;
    private static final int RANDOM_ARCHITECTURES = 60;
    private static final long SEED = EngineOptions.DEFAULT_SEED;

    private final OnnxRuntimeEngine engine = OnnxRuntimeEngine.create();

    @Test
    void everyPresetAgreesAt224() throws OrtException {
        for (String preset : Presets.names()) {
            double cosine = minCosine(TestArchitectures.preset(preset, 224, 1));
            assertTrue(cosine >= MIN_COSINE, preset + ": cosine " + cosine);
        }
    }

    @Test
    void everyDesignVariantAgreesAt160() throws OrtException {
        for (String variant : DesignVariants.names()) {
            double cosine = minCosine(TestArchitectures.compile(DesignVariants.get(variant), 160, 1));
            assertTrue(cosine >= MIN_COSINE, variant + ": cosine " + cosine);
        }
    }

    @Test
    void randomAndCornerCaseArchitecturesAgree() throws OrtException {
        List<Architecture> architectures = new ArrayList<>(TestArchitectures.handMade());
        for (long seed = 1; seed <= RANDOM_ARCHITECTURES; seed++) {
            architectures.add(TestArchitectures.random(seed));
        }
        for (Architecture architecture : architectures) {
            CompiledArchitecture compiled = TestArchitectures.compile(architecture);
            double cosine = minCosine(compiled);
            assertTrue(cosine >= MIN_COSINE, architecture.getName() + " (" + compiled.id() + "): cosine " + cosine);
        }
    }

    @Test
    void theEngineBuildsAndRunsTheInt8Candidate() {
        CompiledArchitecture arch = TestArchitectures.preset("mobilenet_v3_small", 96, 2);
        EngineOptions options = EngineOptions.DEFAULT.withSeed(SEED);
        float[] reference;
        try (Candidate candidate = engine.build(arch, options)) {
            reference = candidate.runAndCopyOutput();
        }
        try (Candidate candidate = engine.build(arch, options.withDtype(Dtype.INT8).withThreads(2))) {
            candidate.run();
            float[] logits = candidate.runAndCopyOutput();
            assertEquals(reference.length, logits.length);
            assertTrue(cosine(reference, logits) >= MIN_COSINE, "cosine " + cosine(reference, logits));
        }
    }

    /** The smallest cosine over three inputs: the one a candidate measures and two more. */
    private double minCosine(CompiledArchitecture arch) throws OrtException {
        SeededWeights weights = new SeededWeights(SEED);
        ModelProto floatModel = OnnxLowering.lower(arch.network(), weights);
        ModelProto int8Model = Int8Lowering.lower(OrtEnvironment.getEnvironment(), arch.network(), weights,
                CpuFeatures.probe());
        Shape shape = arch.network().inputShape();
        double min = 1;
        for (float[] input : List.of(weights.input(shape), new SeededWeights(SEED + 1).input(shape),
                new SeededWeights(SEED + 2).input(shape))) {
            min = Math.min(min, cosine(OrtModels.run(floatModel, shape, input), OrtModels.run(int8Model, shape, input)));
        }
        return min;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }
}
