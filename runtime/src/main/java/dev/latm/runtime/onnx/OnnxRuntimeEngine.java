package dev.latm.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.latm.model.CompiledArchitecture;
import dev.latm.model.ir.Network;
import dev.latm.model.weights.SeededWeights;
import dev.latm.proto.onnx.ModelProto;
import dev.latm.runtime.AbstractEngine;
import dev.latm.runtime.BuildCancellation;
import dev.latm.runtime.Candidate;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineBuild;
import dev.latm.runtime.EngineException;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.LayerProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The ONNX Runtime engine: lowers the IR to an ONNX model in memory and runs it on ORT's CPU
 * execution provider. Thread-safe; every candidate has its own session, and the process-wide
 * {@link OrtEnvironment} is shared and never closed here.
 *
 * <p>{@link Dtype#INT8} candidates are the QDQ model of {@link Int8Lowering}, calibrated at build
 * time (so {@code build_ms} includes one short float session), which ONNX Runtime fuses into its
 * int8 kernels.
 */
public final class OnnxRuntimeEngine extends AbstractEngine {
    public static final String NAME = "onnxruntime";
    /** Runs made before the profiled ones, so one-time costs (first allocations) stay out of the profile. */
    static final int PROFILE_WARMUP_RUNS = 2;
    private static final Set<Dtype> DTYPES = Set.of(Dtype.FLOAT32, Dtype.INT8);

    private final OrtEnvironment environment;
    private final CpuFeatures cpu;

    /**
     * The version is ONNX Runtime's version plus a hash of this package's sources (the lowering, the session
     * options, the run loop): a new ORT or a change to how latm drives it is a new version.
     */
    private OnnxRuntimeEngine(OrtEnvironment environment, CpuFeatures cpu) {
        super(NAME, EngineBuild.version(environment.getVersion(), NAME), DTYPES);
        this.environment = environment;
        this.cpu = cpu;
    }

    /**
     * Loads ONNX Runtime's native library (once per process) and returns the engine.
     *
     * @throws EngineException when the native library cannot be loaded on this platform, or the build
     *                         recorded no hash of this engine's code (see {@link EngineBuild})
     */
    public static OnnxRuntimeEngine create() {
        OrtEnvironment environment;
        try {
            environment = OrtEnvironment.getEnvironment();
        } catch (RuntimeException | LinkageError e) {
            throw new EngineException("ONNX Runtime's native library could not be loaded on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e.getMessage()
                    + " (latm needs a platform the onnxruntime jar ships a library for)", e);
        }
        return new OnnxRuntimeEngine(environment, CpuFeatures.probe());
    }

    /**
     * {@code ""} for FLOAT32; for INT8, {@code qdq-w127} (or {@code qdq-w63} where the CPU's u8 x s8 products
     * can saturate, see {@link CpuFeatures}), with {@code -gemmtail} appended where this ONNX Runtime has
     * the AMX GEMM defect on this CPU and the affected layers stay in float ({@link GemmTailDefect}).
     * The calibration method itself is this package's code, which {@link #version()} already names.
     */
    @Override
    public String quantization(Dtype dtype) {
        if (dtype != Dtype.INT8) {
            return "";
        }
        return "qdq-w" + cpu.weightQMax() + (GemmTailDefect.probeOnce(environment).present() ? "-gemmtail" : "");
    }

    @Override
    public Candidate build(CompiledArchitecture architecture, EngineOptions options) {
        return build(architecture, options, () -> false);
    }

    /**
     * Polls {@code cancelled} before and after each step: lowering with weight generation, serialising
     * the model, creating the session (which ONNX Runtime itself cannot stop).
     */
    @Override
    public Candidate build(CompiledArchitecture architecture, EngineOptions options, BooleanSupplier cancelled) {
        BuildCancellation.check(cancelled);
        OnnxRuntimeCandidate candidate = open(architecture, options, sessionOptions(architecture, options),
                cancelled);
        try {
            BuildCancellation.check(cancelled);
            return candidate;
        } catch (RuntimeException e) {
            candidate.close();
            throw e;
        }
    }

    @Override
    public LayerProfile profile(CompiledArchitecture architecture, EngineOptions options, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("profile needs at least 1 run (got " + runs + ")");
        }
        Path directory = createTempDirectory();
        try {
            SessionOptions sessionOptions = sessionOptions(architecture, options);
            try {
                sessionOptions.enableProfiling(directory.resolve("ort-profile").toString());
            } catch (OrtException e) {
                sessionOptions.close();
                throw new EngineException("ONNX Runtime could not enable profiling: " + e.getMessage(), e);
            }
            String trace;
            try (OnnxRuntimeCandidate candidate = open(architecture, options, sessionOptions, () -> false)) {
                for (int i = 0; i < PROFILE_WARMUP_RUNS + runs; i++) {
                    candidate.run();
                }
                trace = readTrace(Path.of(candidate.endProfiling()));
            }
            return OrtProfileParser.parse(trace, architecture.network(), PROFILE_WARMUP_RUNS, runs);
        } finally {
            deleteRecursively(directory);
        }
    }

    private OnnxRuntimeCandidate open(CompiledArchitecture architecture, EngineOptions options,
                                      SessionOptions sessionOptions, BooleanSupplier cancelled) {
        Network network = architecture.network();
        SeededWeights weights = new SeededWeights(options.seed());
        byte[] model;
        try {
            ModelProto lowered = model(network, weights, options);
            BuildCancellation.check(cancelled);
            model = lowered.toByteArray();
            BuildCancellation.check(cancelled);
        } catch (RuntimeException e) {
            sessionOptions.close();
            throw e;
        }
        return OnnxRuntimeCandidate.open(environment, model, network.inputShape(),
                weights.input(network.inputShape()), sessionOptions, label(architecture));
    }

    /** The model a candidate runs: the float lowering, or its calibrated QDQ form for INT8. */
    ModelProto model(Network network, SeededWeights weights, EngineOptions options) {
        switch (options.dtype()) {
            case FLOAT32:
                return OnnxLowering.lower(network, weights);
            case INT8:
                return Int8Lowering.lower(environment, network, weights, cpu);
            default:
                throw new AssertionError(options.dtype());
        }
    }

    private static SessionOptions sessionOptions(CompiledArchitecture architecture, EngineOptions options) {
        try {
            return OrtSessionOptions.create(options);
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime rejected the session options " + options + " for "
                    + label(architecture) + ": " + e.getMessage(), e);
        }
    }

    private static String label(CompiledArchitecture architecture) {
        String name = architecture.spec().name();
        return "architecture " + architecture.id() + (name.isEmpty() ? "" : " (" + name + ")");
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("latm-ort-profile");
        } catch (IOException e) {
            throw new EngineException("could not create a directory for the ONNX Runtime profile: " + e.getMessage(),
                    e);
        }
    }

    private static String readTrace(Path trace) {
        try {
            return Files.readString(trace);
        } catch (IOException e) {
            throw new EngineException("could not read the ONNX Runtime profile " + trace + ": " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the ONNX Runtime profile directory " + directory, e);
        }
    }
}
