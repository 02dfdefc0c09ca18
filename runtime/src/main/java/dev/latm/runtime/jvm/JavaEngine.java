package dev.latm.runtime.jvm;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.Network;
import dev.latm.model.weights.SeededWeights;
import dev.latm.runtime.AbstractEngine;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineBuild;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.LayerProfile;
import dev.latm.runtime.PrecisionReport;
import dev.latm.runtime.UnsupportedDtypeException;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * latm's own inference engine, pure Java: NHWC kernels on the Vector API (see
 * {@link dev.latm.runtime.jvm.kernels.Lanes} for the layout), weights repacked at build, buffers
 * shared by liveness, a fixed thread pool per candidate. Needs the JVM flag
 * {@code --add-modules jdk.incubator.vector}. Graph optimisation levels do not apply: every
 * convolution always runs with its bias and activation fused.
 *
 * <p>Float32 only. An int8 path would need its own kernels (u8 x s8 dot products widened to int32,
 * requantisation with per-channel scales, quantised h-swish and SE gates), and the Vector API
 * has no portable int8 dot-product instruction (VNNI, AMX, SDOT) to build them on: a project of
 * its own, and without those instructions not one that would tell a controller what int8 costs on
 * a device. So INT8 requests are refused with the engines that run it.
 */
public final class JavaEngine extends AbstractEngine {
    public static final String NAME = "java";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final int PROFILE_WARMUP_RUNS = 10;
    private static final Set<Dtype> DTYPES = Set.of(Dtype.FLOAT32);

    /**
     * The version is latm's version plus a hash of this package's sources: any change to the kernels is a
     * new version.
     *
     * @throws EngineException when the build recorded no hash of this engine's code (see
     *                         {@link EngineBuild})
     */
    public JavaEngine() {
        super(NAME, EngineBuild.version(EngineBuild.latmVersion(), NAME), DTYPES);
    }

    /**
     * The engine, once this JVM is known to run it: what the engine registry calls, so that a JVM
     * without the Vector API reports the engine unavailable instead of failing every build.
     *
     * @throws EngineException when the JVM lacks {@code --add-modules jdk.incubator.vector}
     */
    public static JavaEngine create() {
        requireVectorModule();
        return new JavaEngine();
    }

    @Override
    public Candidate build(CompiledArchitecture architecture, EngineOptions options) {
        return buildJava(architecture, options);
    }

    /** Polls {@code cancelled} after the buffers are allocated and after each layer's weights are packed. */
    @Override
    public Candidate build(CompiledArchitecture architecture, EngineOptions options, BooleanSupplier cancelled) {
        return buildJava(architecture, options, cancelled);
    }

    JavaCandidate buildJava(CompiledArchitecture architecture, EngineOptions options) {
        return buildJava(architecture, options, () -> false);
    }

    JavaCandidate buildJava(CompiledArchitecture architecture, EngineOptions options, BooleanSupplier cancelled) {
        if (!DTYPES.contains(options.dtype())) {
            throw new UnsupportedDtypeException(NAME, options.dtype(), DTYPES, "int8 kernels on the Vector API "
                    + "would be a project of their own; " + OnnxRuntimeEngine.NAME + " runs " + options.dtype());
        }
        requireVectorModule();
        Network network = architecture.network();
        try {
            return JavaCandidate.build(network, new SeededWeights(options.seed()), options.threads(),
                    options.spinning(), cancelled);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new EngineException("the java engine cannot build " + architecture.spec().name() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public LayerProfile profile(CompiledArchitecture architecture, EngineOptions options, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1 (got " + runs + ")");
        }
        try (JavaCandidate candidate = buildJava(architecture, options)) {
            for (int i = 0; i < PROFILE_WARMUP_RUNS; i++) {
                candidate.run();
            }
            LayerStep[] steps = candidate.steps();
            long[] nanos = new long[steps.length];
            for (int i = 0; i < runs; i++) {
                candidate.runTimed(nanos);
            }
            return toProfile(steps, nanos, runs);
        }
    }

    private static void requireVectorModule() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            throw new EngineException("the java engine needs the Vector API: start the JVM with --add-modules "
                    + VECTOR_MODULE);
        }
    }

    static LayerProfile toProfile(LayerStep[] steps, long[] nanos, int runs) {
        double totalMs = 0;
        for (long n : nanos) {
            totalMs += n / 1e6 / runs;
        }
        List<LayerProfile.Row> rows = new ArrayList<>();
        List<PrecisionReport.Node> kernels = new ArrayList<>();
        Map<String, Double> groups = new LinkedHashMap<>();
        for (int i = 0; i < steps.length; i++) {
            double meanMs = nanos[i] / 1e6 / runs;
            rows.add(new LayerProfile.Row(steps[i].name(), steps[i].op(), meanMs, share(meanMs, totalMs)));
            // one fused kernel per layer, every one of them float
            kernels.add(new PrecisionReport.Node(steps[i].name(), steps[i].name(), steps[i].op(),
                    PrecisionReport.Precision.FLOAT, meanMs));
            groups.merge(Network.groupOf(steps[i].name()), meanMs, Double::sum);
        }
        List<LayerProfile.Row> groupRows = new ArrayList<>();
        double total = totalMs;
        groups.forEach((group, meanMs) -> groupRows.add(new LayerProfile.Row(group, "", meanMs,
                share(meanMs, total))));
        return new LayerProfile(rows, groupRows, runs, totalMs, PrecisionReport.of(kernels, runs));
    }

    private static double share(double part, double total) {
        return total > 0 ? part / total : 0;
    }
}
