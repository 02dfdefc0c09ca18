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
 * The Export use case: the model the ONNX Runtime engine would build, in the numeric format asked for,
 * within the {@link Exporter}'s memory budget. A float32 model is written out on the calling thread.
 * An INT8 model is calibrated on ONNX Runtime (the float network runs on seeded inputs), which would
 * disturb a measurement running beside it, so it waits its turn in the measurement queue like a
 * measurement (holding its share of the budget while it waits).
 */
public final class ModelExports {
    private final Limits limits;
    private final EngineRegistry engines;
    private final MeasurementScheduler scheduler;
    private final Exporter exporter;

    public ModelExports(Limits limits, EngineRegistry engines, MeasurementScheduler scheduler, Exporter exporter) {
        this.limits = limits;
        this.engines = engines;
        this.scheduler = scheduler;
        this.exporter = exporter;
    }

    /**
     * An export on its way: its result, how to cancel it while it waits in the queue, and what releases
     * its memory once the reply is written (idempotent).
     */
    public record Pending(CompletableFuture<ExportResponse> result, Runnable cancel, Runnable release) {

        static Pending failed(Throwable failure) {
            return new Pending(CompletableFuture.failedFuture(failure), () -> { }, () -> { });
        }
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
            if (dtype == Dtype.INT8) {
                engines.get(OnnxRuntimeEngine.NAME); // FAILED_PRECONDITION here when ONNX Runtime cannot load
            }
            Exporter.Lease lease = exporter.reserve(compiled);
            try {
                if (dtype == Dtype.FLOAT32) {
                    return new Pending(CompletableFuture.completedFuture(lease.export(compiled, seed, dtype)),
                            () -> { }, lease::close);
                }
                CompiledArchitecture architecture = compiled;
                MeasurementScheduler.Ticket<ExportResponse> ticket =
                        scheduler.submit(cancelled -> lease.export(architecture, seed, dtype));
                return new Pending(ticket.result(), ticket::cancel, lease::close);
            } catch (RuntimeException | OutOfMemoryError e) {
                lease.close();
                throw e;
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            return Pending.failed(e);
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
