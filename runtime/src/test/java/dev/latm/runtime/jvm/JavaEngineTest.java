package dev.latm.runtime.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.TestArchitectures;
import dev.latm.model.ir.AvgPool;
import dev.latm.model.ir.Conv;
import dev.latm.model.ir.Layer;
import dev.latm.model.ir.Linear;
import dev.latm.model.ir.Network;
import dev.latm.model.ir.SqueezeExcite;
import dev.latm.model.spec.Activation;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Presets;
import dev.latm.proto.v1.Architecture;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.OutputDifference;
import dev.latm.runtime.PrecisionReport;
import dev.latm.runtime.UnsupportedDtypeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JavaEngineTest {
    private static final int RANDOM_ARCHITECTURES = 24;
    /** Allowed over 10 runs of one test network: room for a stray JVM-internal object, not a tensor. */
    private static final long ALLOCATION_SLACK_BYTES = 1024;
    /** Per network; on an idle machine a few seconds suffice. */
    private static final int ALLOCATION_WARMUP_SECONDS = 30;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    private final JavaEngine engine = new JavaEngine();

    @Test
    void namesItself() {
        assertEquals("java", engine.name());
        // the version names the code (see EngineVersionTest)
        assertTrue(engine.version().matches(".+\\+[0-9a-f]{12}"), engine.version());
    }

    @Test
    void candidatesSayTheJitDecidesTheirSpeed() {
        CompiledArchitecture arch = CompiledArchitecture.compile(Presets.get("mobilenet_v3_small"), Limits.DEFAULT,
                32, 1);
        try (Candidate candidate = engine.build(arch, EngineOptions.DEFAULT)) {
            assertTrue(candidate.jitCompiled());
        }
    }

    @Test
    void refusesInt8NamingTheEngineThatRunsIt() {
        assertEquals(Set.of(Dtype.FLOAT32), engine.dtypes());
        CompiledArchitecture arch = CompiledArchitecture.compile(Presets.get("mobilenet_v3_small"), Limits.DEFAULT,
                64, 1);
        EngineOptions int8 = EngineOptions.DEFAULT.withDtype(Dtype.INT8);
        UnsupportedDtypeException built = assertThrows(UnsupportedDtypeException.class, () -> engine.build(arch, int8));
        assertEquals("java", built.engine());
        assertEquals(Dtype.INT8, built.dtype());
        assertEquals(Set.of(Dtype.FLOAT32), built.supported());
        assertTrue(built.getMessage().contains("INT8") && built.getMessage().contains("onnxruntime"),
                built.getMessage());
        assertThrows(UnsupportedDtypeException.class, () -> engine.profile(arch, int8, 1));
    }

    @Test
    void everyPresetMatchesTheReferenceExecutor() {
        for (String preset : Presets.names()) {
            CompiledArchitecture arch = CompiledArchitecture.compile(Presets.get(preset), Limits.DEFAULT, 64, 1);
            assertMatchesReference(arch, EngineOptions.DEFAULT);
        }
    }

    @Test
    void cornerCaseArchitecturesMatchTheReferenceExecutor() {
        for (Architecture architecture : TestArchitectures.handMade()) {
            assertMatchesReference(TestArchitectures.compile(architecture), EngineOptions.DEFAULT.withThreads(2));
        }
    }

    @Test
    void randomArchitecturesMatchTheReferenceExecutorAndCoverEveryOp() {
        Set<String> covered = new TreeSet<>();
        List<Architecture> architectures = new ArrayList<>(TestArchitectures.handMade());
        for (long seed = 1; seed <= RANDOM_ARCHITECTURES; seed++) {
            architectures.add(TestArchitectures.random(seed));
        }
        for (int i = 0; i < architectures.size(); i++) {
            CompiledArchitecture arch = TestArchitectures.compile(architectures.get(i));
            covered.addAll(features(arch.network()));
            if (i >= TestArchitectures.handMade().size()) {
                assertMatchesReference(arch, EngineOptions.DEFAULT.withThreads(1 + i % 3));
            }
        }
        Set<String> required = new TreeSet<>(List.of("avgpool", "add", "se:HARD_SIGMOID", "se:SIGMOID",
                "conv:k1s2", "conv:k3", "conv:k5", "conv:k7", "pointwise", "linear:NONE"));
        for (int kernel : new int[] {3, 5, 7}) {
            required.add("depthwise:k" + kernel + "s1");
            required.add("depthwise:k" + kernel + "s2");
        }
        for (Activation activation : Activation.values()) {
            required.add("act:" + activation);
        }
        required.removeAll(covered);
        assertTrue(required.isEmpty(), "the test architectures no longer cover " + required + " (covered: "
                + covered + ")");
    }

    @Test
    void oneTwoAndThreeThreadsComputeTheSameBits() {
        for (Architecture architecture : List.of(Presets.get("mobilenet_v3_large"), TestArchitectures.random(7),
                TestArchitectures.handMade().get(0))) {
            CompiledArchitecture arch = CompiledArchitecture.compile(architecture, Limits.DEFAULT, 96, 2);
            float[] single = logits(arch, EngineOptions.DEFAULT);
            assertArrayEquals(single, logits(arch, EngineOptions.DEFAULT.withThreads(2)), architecture.getName());
            assertArrayEquals(single, logits(arch, new EngineOptions(3, EngineOptions.GraphOptimization.ALL, false,
                    EngineOptions.DEFAULT_SEED)), architecture.getName());
        }
    }

    @Test
    void runIsRepeatableAndTheSeedChangesTheFunction() {
        CompiledArchitecture arch = CompiledArchitecture.compile(Presets.get("mnasnet_a1"), Limits.DEFAULT, 64, 1);
        try (Candidate candidate = engine.build(arch, EngineOptions.DEFAULT)) {
            float[] first = candidate.runAndCopyOutput();
            candidate.run();
            assertArrayEquals(first, candidate.runAndCopyOutput());
            EngineOptions other = new EngineOptions(1, EngineOptions.GraphOptimization.ALL, true, 7);
            try (Candidate reseeded = engine.build(arch, other)) {
                float[] second = reseeded.runAndCopyOutput();
                assertEquals(first.length, second.length);
                assertTrue(!java.util.Arrays.equals(first, second), "another seed gives other weights");
            }
        }
    }

    @Test
    void closeIsIdempotentAndAClosedCandidateRefusesToRun() {
        CompiledArchitecture arch = TestArchitectures.compile(TestArchitectures.random(3));
        Candidate candidate = engine.build(arch, EngineOptions.DEFAULT.withThreads(2));
        candidate.run();
        candidate.close();
        candidate.close();
        assertThrows(IllegalStateException.class, candidate::run);
    }

    @Test
    void profileHasOneRowPerLayerAndGroupsThatAddUp() {
        CompiledArchitecture arch = CompiledArchitecture.compile(Presets.get("mobilenet_v3_small"), Limits.DEFAULT,
                64, 1);
        LayerProfile profile = engine.profile(arch, EngineOptions.DEFAULT, 3);
        List<Layer> layers = arch.network().layers();
        assertEquals(layers.size(), profile.layers().size());
        double sum = 0;
        double shares = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerProfile.Row row = profile.layers().get(i);
            assertEquals(layers.get(i).name(), row.name());
            assertEquals(layers.get(i).op(), row.op());
            assertTrue(row.meanMs() >= 0, row.name());
            sum += row.meanMs();
            shares += row.share();
        }
        assertEquals(3, profile.runs());
        assertEquals(sum, profile.totalMs(), 1e-9);
        assertEquals(1.0, shares, 1e-9);
        List<String> groups = profile.groups().stream().map(LayerProfile.Row::name).toList();
        assertEquals("stem", groups.get(0));
        assertEquals("head", groups.get(groups.size() - 1));
        assertEquals(layers.stream().map(layer -> Network.groupOf(layer.name())).distinct().toList(), groups);
        assertEquals(sum, profile.groups().stream().mapToDouble(LayerProfile.Row::meanMs).sum(), 1e-9);
        // one fused float kernel per layer
        assertEquals(layers.size(), profile.precision().count(PrecisionReport.Precision.FLOAT));
        assertEquals(1.0, profile.precision().share(PrecisionReport.Precision.FLOAT), 1e-9);
        assertEquals(sum, profile.precision().totalMs(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> engine.profile(arch, EngineOptions.DEFAULT, 0));
    }

    @Test
    void refusesGroupedConvolutionsItHasNoKernelFor() {
        CompiledArchitecture arch = TestArchitectures.compile(TestArchitectures.random(5));
        Network network = arch.network();
        List<Layer> layers = new ArrayList<>(network.layers());
        Conv stem = (Conv) layers.get(0);
        Conv grouped = new Conv(stem.name(), stem.input(), stem.inputShape().withChannels(4),
                stem.outputShape().withChannels(8), 3, 1, 2, Activation.RELU);
        layers.set(0, grouped);
        Network changed = new Network(network.spec(), stem.inputShape().withChannels(4), layers);
        EngineException e = assertThrows(EngineException.class, () -> engine.build(
                new CompiledArchitecture(arch.id(), arch.spec(), changed, arch.cost()), EngineOptions.DEFAULT));
        assertTrue(e.getMessage().contains("2 groups"), e.getMessage());
    }

    @Test
    void runAllocatesNothingOnceCompiled() {
        List<CompiledArchitecture> networks = new ArrayList<>();
        for (Architecture architecture : TestArchitectures.handMade()) {
            networks.add(TestArchitectures.compile(architecture));
        }
        networks.add(CompiledArchitecture.compile(Presets.get("mobilenet_v3_large"), Limits.DEFAULT, 64, 1));
        // one candidate at a time, as the timing harness runs it: interleaving candidates run by run
        // mixes their call-site profiles, which measures the JIT's state rather than the engine
        List<String> allocating = new ArrayList<>();
        for (CompiledArchitecture network : networks) {
            try (JavaCandidate candidate = engine.buildJava(network, EngineOptions.DEFAULT)) {
                long allocated = allocationOnceWarm(candidate,
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(ALLOCATION_WARMUP_SECONDS));
                if (allocated > ALLOCATION_SLACK_BYTES) {
                    allocating.add(network.spec().name() + ": " + allocated + " bytes, in "
                            + allocatingSteps(candidate));
                }
            }
        }
        if (!allocating.isEmpty()) {
            fail("after " + ALLOCATION_WARMUP_SECONDS + " s of warm-up each, 10 runs still allocate: " + allocating);
        }
    }

    /**
     * Bytes that 10 runs allocate, after warming up in rounds until a round allocates (almost)
     * nothing: until C2 has compiled a kernel (and again after each deoptimisation) its vectors are
     * boxed, and on a loaded machine C2 can take many seconds to get through the queue. The deadline
     * only bounds the wait.
     */
    private static long allocationOnceWarm(JavaCandidate candidate, long deadline) {
        long allocated = Long.MAX_VALUE;
        do {
            for (int run = 0; run < 10; run++) {
                candidate.run();
            }
            long before = allocatedBytes();
            for (int run = 0; run < 10; run++) {
                candidate.run();
            }
            allocated = allocatedBytes() - before;
        } while (allocated > ALLOCATION_SLACK_BYTES && System.nanoTime() < deadline);
        return allocated;
    }

    /** The current thread's allocation so far; asking allocates nothing (getThreadAllocatedBytes(id): 816 B). */
    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** The steps of {@code candidate} that allocate, for the failure message. */
    private static List<String> allocatingSteps(JavaCandidate candidate) {
        List<String> found = new ArrayList<>();
        for (LayerStep step : candidate.steps()) {
            long before = allocatedBytes();
            for (int phase = 0; phase < step.phases(); phase++) {
                step.run(phase, 0, step.items(phase));
            }
            long bytes = allocatedBytes() - before;
            if (bytes > ALLOCATION_SLACK_BYTES) {
                found.add(step.name() + " (" + step.op() + "): " + bytes + " bytes");
            }
        }
        return found;
    }

    private void assertMatchesReference(CompiledArchitecture arch, EngineOptions options) {
        OutputDifference difference = OutputDifference.between(ReferenceExecutor.run(arch.network(), options.seed()),
                logits(arch, options));
        if (!difference.agrees()) {
            fail(arch.spec().name() + " (" + options.threads() + " threads) differs from the reference: "
                    + difference + ", tolerance " + OutputDifference.TOLERANCE);
        }
    }

    private float[] logits(CompiledArchitecture arch, EngineOptions options) {
        try (Candidate candidate = engine.build(arch, options)) {
            return candidate.runAndCopyOutput();
        }
    }

    /** What a network exercises, in the terms of the coverage check above. */
    private static Set<String> features(Network network) {
        Set<String> features = new TreeSet<>();
        for (Layer layer : network.layers()) {
            if (layer instanceof Conv conv) {
                if (conv.depthwise()) {
                    features.add("depthwise:k" + conv.kernel() + "s" + conv.stride());
                } else if (conv.kernel() == 1 && conv.stride() == 1) {
                    features.add("pointwise");
                } else {
                    // the regular conv kernel, which also runs strided 1 x 1 convolutions
                    features.add("conv:k" + conv.kernel() + (conv.kernel() == 1 ? "s" + conv.stride() : ""));
                }
                features.add("act:" + conv.activation());
            } else if (layer instanceof SqueezeExcite se) {
                features.add("se:" + se.gate());
            } else if (layer instanceof Linear linear) {
                features.add("linear:" + linear.activation());
                features.add("act:" + linear.activation());
            } else if (layer instanceof AvgPool) {
                features.add("avgpool");
            } else {
                features.add(layer.op());
            }
        }
        return features;
    }
}
