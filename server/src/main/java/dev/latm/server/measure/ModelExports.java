package dev.latm.server.measure;

import dev.latm.model.CompiledArchitecture;
import dev.latm.model.spec.Limits;
import dev.latm.model.spec.Violation;
import dev.latm.proto.v1.ExportRequest;
import dev.latm.proto.v1.ExportResponse;
import dev.latm.runtime.Dtype;
import dev.latm.runtime.EngineOptions;
import dev.latm.runtime.EngineRegistry;
import dev.latm.runtime.onnx.OnnxExport;
import dev.latm.runtime.onnx.OnnxRuntimeEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Export use case: the model the ONNX Runtime engine would build, in the numeric format asked for.
 * A float32 model is written out on the calling thread. An INT8 model is calibrated on ONNX Runtime
 * (the float network runs on seeded inputs), which would disturb a measurement running beside it, so
 * it waits its turn in the measurement queue like a measurement.
 */
public final class ModelExports {
    private final Limits limits;
    private final EngineRegistry engines;
    private final MeasurementScheduler scheduler;

    public ModelExports(Limits limits, EngineRegistry engines, MeasurementScheduler scheduler) {
        this.limits = limits;
        this.engines = engines;
        this.scheduler = scheduler;
    }

    /** An export on its way: its result, and how to cancel it while it waits in the queue. */
    public record Pending(CompletableFuture<ExportResponse> result, Runnable cancel) {
    }

    /**
     * Validates the request (architecture and dtype together, every problem at once), then exports it.
     * Never throws: every failure completes the result exceptionally.
     */
    public Pending export(ExportRequest request) {
        try {
            List<Violation> violations = new ArrayList<>();
            CompiledArchitecture compiled = null;
            try {
                compiled = RequestCompiler.compile(request.getArchitecture(), limits, request.getResolution(),
                        request.getBatch(), "");
            } catch (InvalidRequestException e) {
                violations.addAll(e.violations());
            }
            Dtype dtype = dtype(request, violations);
            if (!violations.isEmpty()) {
                throw new InvalidRequestException(violations);
            }
            long seed = request.getSeed() == 0 ? EngineOptions.DEFAULT_SEED : request.getSeed();
            if (dtype == Dtype.FLOAT32) {
                return new Pending(CompletableFuture.completedFuture(response(compiled, seed, dtype)),
                        () -> { });
            }
            engines.get(OnnxRuntimeEngine.NAME); // FAILED_PRECONDITION here when ONNX Runtime cannot load
            CompiledArchitecture architecture = compiled;
            MeasurementScheduler.Ticket<ExportResponse> ticket =
                    scheduler.submit(cancelled -> response(architecture, seed, dtype));
            return new Pending(ticket.result(), ticket::cancel);
        } catch (RuntimeException e) {
            return new Pending(CompletableFuture.failedFuture(e), () -> { });
        }
    }

    /** The requested format; a violation of field {@code dtype} when this server cannot export it. */
    private Dtype dtype(ExportRequest request, List<Violation> violations) {
        if (request.getDtype() == dev.latm.proto.v1.Dtype.UNRECOGNIZED) {
            violations.add(Violation.invalid("dtype", "must be " + WireDtypes.choices(false) + " (got "
                    + request.getDtypeValue() + ")"));
            return null;
        }
        Dtype dtype = WireDtypes.of(request.getDtype());
        if (dtype == Dtype.INT8 && !engines.contains(OnnxRuntimeEngine.NAME)) {
            violations.add(Violation.invalid("dtype", "an INT8 model is calibrated on the "
                    + OnnxRuntimeEngine.NAME + " engine, which this server does not have"));
        }
        return dtype;
    }

    private static ExportResponse response(CompiledArchitecture compiled, long seed, Dtype dtype) {
        return ExportResponse.newBuilder().setArchitectureId(compiled.id())
                .setOnnxModel(OnnxExport.model(compiled, seed, dtype).toByteString()).build();
    }
}
